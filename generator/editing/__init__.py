"""The editors' stage: their corrections applied to the merged model, and the facts worth their review."""

// Pagefind's API as the search panel's UI sees it: assets/kb.js gives this folder as the UI's bundlePath, so
// the UI imports this module, which is Pagefind's own (../../pagefind/pagefind.js) with `search` ranking the
// results again. Pagefind ranks pages by words (Chinese is cut into words both when indexing and when
// searching), not by phrases: a long page that holds each word of a name many times, apart, outranks the page
// that states the name once, and an entity's page can fall below pages that mention it. Here the results are
// put in tiers, each in Pagefind's order:
//   0. the page's title is the query (an entity's page, searched by its name);
//   1. the title holds the query;
//   2. the page's text holds the query as typed, a phrase;
//   3. the query's words stand next to each other on the page (seen from Pagefind's word positions) but the
//      page was not read to make sure;
//   4. the rest: the words are on the page, apart.
// The pages of the first CHECKED results, tier 3 first, are read (Pagefind's fragments, which the panel loads
// anyway for the results it shows) to tell tiers 0-2 from the rest.
import * as pagefind from "../../pagefind/pagefind.js";

export const { options, init, destroy, mergeIndex, preload, filters, debouncedSearch, createInstance } = pagefind;

const CHECKED = 24;
const words = typeof Intl !== "undefined" && Intl.Segmenter
  ? new Intl.Segmenter(document.documentElement.lang || "zh", { granularity: "word" }) : null;

// How many words Pagefind cuts the query into (Intl.Segmenter, as Pagefind itself does for Chinese).
function wordCount(query) {
  if (!words) return query.split(/\s+/).filter(Boolean).length;
  let count = 0;
  for (const segment of words.segment(query)) if (segment.isWordLike) count++;
  return Math.max(count, 1);
}

// Whether `count` of the page's matched word positions follow one another.
function adjacent(locations, count) {
  const sorted = Array.from(new Set(locations)).sort((a, b) => a - b);
  let run = 1;
  for (let i = 1; i < sorted.length && run < count; i++) run = sorted[i] === sorted[i - 1] + 1 ? run + 1 : 1;
  return sorted.length > 0 && run >= count;
}

function folded(text) {
  return (text || "").toLowerCase().replace(/\s+/g, " ").trim();
}

function holds(text, phrase) {
  const shown = folded(text);
  return shown.includes(phrase) || (!/\s/.test(phrase) && shown.replace(/ /g, "").includes(phrase));
}

function tierOf(data, phrase) {
  const title = folded(data.meta && data.meta.title);
  if (title === phrase) return 0;
  if (holds(title, phrase)) return 1;
  return holds(data.content, phrase) ? 2 : 4;
}

export async function search(term, searchOptions) {
  const found = await pagefind.search(term, searchOptions);
  const phrase = folded(term);
  if (!found || !found.results || !found.results.length || !phrase) return found;
  const count = wordCount(phrase);
  const ranked = found.results.map((result, order) => ({ result, order, tier: adjacent(result.words || [], count) ? 3 : 4 }));
  const byTier = (a, b) => a.tier - b.tier || a.order - b.order;
  ranked.sort(byTier);
  await Promise.all(ranked.slice(0, CHECKED).map(async (entry) => {
    try {
      entry.tier = tierOf(await entry.result.data(), phrase);
    } catch (error) {
      // a page that cannot be read keeps the tier its word positions gave it
    }
  }));
  ranked.sort(byTier);
  found.results = ranked.map((entry) => entry.result);
  return found;
}

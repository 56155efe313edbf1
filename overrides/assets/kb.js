// Language switcher that keeps the anchor, and Pagefind search with cross-script queries.
(function () {
  "use strict";

  // The switcher links to the same page in the other script; carry the paragraph anchor along. Captured
  // before Material's own handler, which sends the reader to the other root unless the sitemap has
  // absolute URLs (site_url set).
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.kb-alternate");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    event.stopPropagation();
    location.href = link.href.split("#")[0] + location.hash;
  }, true);

  var panel = document.getElementById("kb-search");
  var toggle = document.querySelector(".kb-search-toggle");
  if (!panel || !toggle) return;
  var started = null;

  // Query in the other script -> the site's script: longest phrase first, else the character's default form.
  function converter(map) {
    var longest = Object.keys(map.phrases).reduce(function (n, p) { return Math.max(n, p.length); }, 1);
    return function (term) {
      var out = "";
      for (var i = 0; i < term.length;) {
        var size = Math.min(longest, term.length - i);
        for (; size > 1 && !(term.substr(i, size) in map.phrases); size--);
        var piece = term.substr(i, size);
        out += size > 1 ? map.phrases[piece] : (map.chars[piece] || piece);
        i += size;
      }
      return out;
    };
  }

  // Link each result to the paragraph (element with an id) just before its first matching word; the page
  // title is no better target than the page itself.
  function anchorAt(result, location) {
    var best = null;
    (result.anchors || []).forEach(function (anchor) {
      if (anchor.element !== "h1" && anchor.location <= location && (!best || anchor.location >= best.location)) best = anchor;
    });
    return best;
  }

  function linkToParagraph(result, url, locations) {
    var anchor = locations && locations.length ? anchorAt(result, Math.min.apply(null, locations)) : null;
    return anchor ? url.split("#")[0] + "#" + anchor.id : url;
  }

  // The query as searched (in the site's script), for the results that hold it as a phrase.
  var phrase = "";
  function searched(convert) {
    return function (term) {
      phrase = convert(term).trim();
      return phrase;
    };
  }

  function escaped(text) {
    return text.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }

  // The sentence of the indexed text around `at`: from the end of the one before it (a full stop, or the ". "
  // with which Pagefind joins a page's blocks and cells) to its own full stop or the end of its block.
  function blockAround(text, at) {
    var joined = text.lastIndexOf(". ", at), stopped = text.lastIndexOf("。", at);
    var next = text.indexOf(". ", at), full = text.indexOf("。", at);
    return [Math.max(joined < 0 ? 0 : joined + 2, stopped < 0 ? 0 : stopped + 1),
            Math.min(next < 0 ? text.length : next + 1, full < 0 ? text.length : full + 1)];
  }

  // Where the phrase stands in a sentence (a block with a comma or full stop), past the title: an entity page's
  // lines of names and its tables' cells only when no sentence holds it.
  function phraseAt(text, from) {
    var first = -1;
    for (var at = text.indexOf(phrase, from); at >= 0; at = text.indexOf(phrase, at + 1)) {
      var block = blockAround(text, at);
      if (/[，。；,]/.test(text.slice(block[0], block[1]))) return at;
      if (first < 0) first = at;
    }
    return first;
  }

  // A page that holds the query as a phrase (ranked so by assets/kb-search/pagefind.js) shows it in its excerpt,
  // marked, cut from the sentence that holds it, and links to the paragraph: Pagefind's excerpt is where most of
  // its words are, which on an entity page is its title and the table of its names.
  function showPhrase(result) {
    var text = result.content || "", title = (result.meta && result.meta.title) || "";
    if (!phrase || text.indexOf(phrase) < 0) return false;
    var at = phraseAt(text, text.indexOf(title) === 0 ? title.length : 0);  // past the title, which is shown
    if (at < 0) at = text.indexOf(phrase);
    var block = blockAround(text, at);
    var start = Math.max(block[0], at - 40), end = Math.min(block[1], at + phrase.length + 40);
    result.excerpt = (start > block[0] ? "…" : "") + escaped(text.slice(start, at)) + "<mark>" + escaped(phrase) + "</mark>" +
      escaped(text.slice(at + phrase.length, end)) + (end < block[1] ? "…" : "");
    var anchor = (result.anchors || []).filter(function (a) {
      return a.element !== "h1" && a.text && a.text.indexOf(phrase) >= 0;
    })[0];
    if (anchor) result.url = result.url.split("#")[0] + "#" + anchor.id;
    // The UI shows a result's own excerpt when its first sub-result is the result itself, and then its other
    // sub-results: here none, the phrase's paragraph is the place to go.
    result.sub_results = [{ title: title, url: result.url, excerpt: result.excerpt,
                            locations: [], weighted_locations: [] }];
    return true;
  }

  function processResult(result) {
    if (showPhrase(result)) return result;
    result.url = linkToParagraph(result, result.url, result.locations);
    (result.sub_results || []).forEach(function (sub) {
      sub.url = linkToParagraph(result, sub.url, sub.locations);
    });
    return result;
  }

  function load(src, tag) {
    return new Promise(function (resolve, reject) {
      var node = document.createElement(tag);
      if (tag === "link") { node.rel = "stylesheet"; node.href = src; } else { node.src = src; }
      node.onload = resolve;
      node.onerror = reject;
      document.head.appendChild(node);
    });
  }

  function start() {
    // Pagefind imports its modules from bundlePath, which must be absolute. The UI is given the folder of
    // assets/kb-search/pagefind.js, Pagefind's API with results ranked by phrase and title.
    var bundle = new URL(panel.dataset.bundle, location.href).href;
    var ranked = new URL(panel.dataset.ranked, location.href).href;
    return Promise.all([
      fetch(panel.dataset.queryMap).then(function (r) { return r.json(); }),
      fetch(bundle + "kb-search-parts.json").then(function (r) { return r.json(); }),
      fetch(panel.dataset.names).then(function (r) { return r.json(); }),
      load(bundle + "pagefind-ui.js", "script"),
      load(bundle + "pagefind-ui.css", "link"),
    ]).then(function (loaded) {
      new window.PagefindUI({
        element: "#kb-search",
        bundlePath: ranked,
        // A large site is indexed in parts (generator/site/search.py); every search covers them all. Given as
        // paths from the root, so that their results link to paths, as the main bundle's do.
        mergeIndex: loaded[1].map(function (part) { return { bundlePath: new URL(part, bundle).pathname }; }),
        showSubResults: true,
        showImages: false,
        autofocus: true,
        processTerm: searched(converter(loaded[0])),
        processResult: processResult,
      });
      directLinks(loaded[2], converter(loaded[0]));
    });
  }

  // A query that is exactly a name of a body, project or person (generator/site/search.py NAMES: also its other
  // script, aliases and English name, which its page's title does not hold) leads first to its page, in a line
  // above the results.
  var SECTIONS = { bodies: "合作机制", projects: "合作项目", people: "人物" };
  function directLinks(names, convert) {
    var input = panel.querySelector(".pagefind-ui__search-input");
    var form = panel.querySelector(".pagefind-ui__form");
    if (!input || !form) return;
    var line = document.createElement("p");
    line.className = "kb-direct";
    form.insertBefore(line, form.querySelector(".pagefind-ui__drawer"));
    var root = new URL(panel.dataset.names, location.href);
    function update() {
      var query = input.value.trim(), wanted = [query, convert(query)], seen = {};
      line.textContent = "";
      names.forEach(function (entry) {
        if (wanted.indexOf(entry[0]) < 0 || seen[entry[1]]) return;
        seen[entry[1]] = true;
        if (line.firstChild) line.appendChild(document.createTextNode(" · "));
        var link = document.createElement("a");
        link.href = new URL(entry[1], root).pathname;
        link.textContent = entry[0] + "（" + convert(SECTIONS[entry[2]]) + "）";
        line.appendChild(link);
      });
    }
    input.addEventListener("input", update);
    update();
  }

  function setOpen(open) {
    panel.hidden = !open;
    toggle.setAttribute("aria-expanded", String(open));
    if (!open) return;
    started = started || start();
    started.then(function () {
      var input = panel.querySelector("input");
      if (input) input.focus();
    });
  }

  toggle.addEventListener("click", function () { setOpen(panel.hidden); });
  // Escape closes the panel and, when the focus was in it, gives it back to the button that opened it
  // rather than leaving it on a hidden element.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || panel.hidden) return;
    var inside = panel.contains(document.activeElement);
    setOpen(false);
    if (inside) toggle.focus();
  });
  panel.addEventListener("click", function (event) {
    if (event.target.closest("a")) setOpen(false);
  });
})();

// Gazette's search: plain JavaScript, no framework, nothing from another site.
//
// The index is static and loaded piece by piece (see src/render/search.rs):
//   data/search.json       the manifest: first term of each term chunk, folding table, stop words
//   data/search/terms/N    sorted terms → posting lists (delta * 8 + field bits)
//   data/search/docs/N     documents in chunks: articles (title, url, date, people, topics,
//                          text), then person and topic pages
//   data/search/facets.json  for the filters and date sorts: each article's date, and the
//                          articles of each outlet, person and topic (loaded when first used)
// A query loads the manifest, one term chunk per word, and the document chunks of the
// results it shows. Everything taken from the index is put on the page as text (textContent,
// createTextNode), never as markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  if (!script || !input || !input.form || !list) return;
  // The page's words, in the site's language: search.html puts them on this script's
  // element (data-t-*); a site's own page without them gets the English ones.
  var ENGLISH = {
    searching: "Searching…",
    unavailable: "Search is unavailable: the index could not be loaded.",
    nothing: "Nothing matches {what}.",
    "results-one": "{count} result for {what}.",
    "results-many": "{count} results for {what}.",
    "results-showing": "{count} results for {what}, showing {shown}.",
    query: "“{query}”",
    "query-filtered": "“{query}” with the filters",
    "the-filters": "the filters",
    person: "Person",
    topic: "Topic",
    undated: "Undated",
    more: "More results",
  };
  function say(key, values) {
    var text = script.getAttribute("data-t-" + key);
    if (text === null) text = ENGLISH[key];
    for (var name in values || {}) text = text.split("{" + name + "}").join(String(values[name]));
    return text;
  }
  var form = input.form;
  // A site's own search.html may lack the status line or the "more" button: add them.
  var status = document.getElementById("search-status");
  if (!status) {
    status = document.createElement("p");
    status.id = "search-status";
    status.setAttribute("role", "status");
    list.parentNode.insertBefore(status, list);
  }
  var more = document.getElementById("search-more");
  if (!more) {
    more = document.createElement("button");
    more.id = "search-more";
    more.type = "button";
    more.hidden = true;
    more.textContent = say("more");
    list.parentNode.insertBefore(more, list.nextSibling);
  }

  // The filters (search.html has them; a site's own page may not): date range, outlet,
  // person, topic, and the order of the results. Their values are kept in the address.
  var FILTERS = ["from", "to", "outlet", "person", "topic"];
  var controls = {};
  FILTERS.concat(["sort"]).forEach(function (name) {
    var c = document.getElementById(name);
    if (c && c.form === form) controls[name] = c;
  });
  var facets = null;
  var facetsPromise = null;

  var PAGE = 20;
  var FIELD_WEIGHT = { 1: 1, 2: 10, 4: 6 };
  var manifest = null;
  var manifestPromise = null;
  var termChunks = new Map();
  var docChunks = new Map();
  var stop = new Set();
  var foldTable = {};
  var ranked = [];
  var shown = 0;
  var currentTokens = [];
  var generation = 0;

  function loadJSON(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(url + ": " + r.status);
      return r.json();
    });
  }

  function loadManifest() {
    if (!manifestPromise) {
      manifestPromise = loadJSON(script.getAttribute("data-index")).then(function (m) {
        manifest = m;
        stop = new Set(m.stop || []);
        foldTable = m.fold || {};
        return m;
      });
    }
    return manifestPromise;
  }

  function loadFacets() {
    if (!facetsPromise) {
      facetsPromise = loadManifest().then(function (m) {
        return loadJSON(m.facets_url);
      }).then(function (f) {
        facets = f;
        fillNames("person-names", f.people);
        fillNames("topic-names", f.topics);
        return f;
      });
    }
    return facetsPromise;
  }

  // The names a person or topic filter suggests, from the facets.
  function fillNames(id, entries) {
    var list = document.getElementById(id);
    if (!list || list.childElementCount) return;
    entries.forEach(function (e) {
      var o = document.createElement("option");
      o.value = e[0];
      list.appendChild(o);
    });
  }

  function value(name) {
    return controls[name] ? controls[name].value.trim() : "";
  }

  function filtering() {
    return FILTERS.some(function (name) { return value(name) !== ""; });
  }

  function sortOrder() {
    var s = value("sort");
    return s === "newest" || s === "oldest" ? s : "relevance";
  }

  // The articles of one outlet, person or topic named `name` (folded, so case and accents do
  // not matter), as a Set of document numbers; an empty Set when there is none.
  function docsNamed(entries, name) {
    var want = tokens(name).join(" ");
    var docs = new Set();
    entries.forEach(function (e) {
      if (tokens(e[0]).join(" ") !== want) return;
      var d = 0;
      e[1].forEach(function (gap) { d += gap; docs.add(d); });
    });
    return docs;
  }

  function day(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
    return m ? Number(m[1] + m[2] + m[3]) : 0;
  }

  // A test of document numbers for the filters set (only articles pass one).
  function filterTest() {
    var from = day(value("from"));
    var to = day(value("to"));
    var sets = [];
    if (value("outlet")) sets.push(docsNamed(facets.outlets, value("outlet")));
    if (value("person")) sets.push(docsNamed(facets.people, value("person")));
    if (value("topic")) sets.push(docsNamed(facets.topics, value("topic")));
    return function (doc) {
      if (doc >= facets.articles) return false;
      var d = facets.dates[doc];
      if ((from || to) && !d) return false;
      if (from && d < from) return false;
      if (to && d > to) return false;
      return sets.every(function (s) { return s.has(doc); });
    };
  }

  // Newest or oldest first, by the articles' dates; undated articles, and person and topic
  // pages, after the dated ones, in the site's order.
  function byDate(order) {
    return function (a, b) {
      var da = a < facets.articles ? facets.dates[a] : 0;
      var db = b < facets.articles ? facets.dates[b] : 0;
      if (!da !== !db) return da ? -1 : 1;
      if (da !== db) return order === "oldest" ? da - db : db - da;
      return a - b;
    };
  }

  // Folds one character as the site generator folded the index (crate::slug::fold): the
  // manifest's table for every non-ASCII character of the archive, else Unicode
  // decomposition without its accents.
  function foldChar(ch) {
    if (ch.charCodeAt(0) < 128) return ch.toLowerCase();
    var f = foldTable[ch];
    if (f === undefined) {
      f = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      if (f === "đ" || f === "Đ") f = "d";
    }
    return f.toLowerCase();
  }

  // Folded text plus, for each folded character, the index of the original character it
  // came from (so matches found in folded text can be marked in the original).
  function foldWithMap(text) {
    var out = "";
    var map = [];
    var i = 0;
    for (var ch of text) {
      var f = foldChar(ch);
      for (var k = 0; k < f.length; k++) map.push(i);
      out += f;
      i += ch.length;
    }
    map.push(i);
    return { text: out, map: map };
  }

  function tokens(text) {
    return foldWithMap(text).text.split(/[^a-z0-9]+/).filter(Boolean);
  }

  // The chunk that holds `term`: the last chunk whose first term is <= term.
  function chunkOf(term) {
    var t = manifest.terms;
    var lo = 0, hi = t.length - 1, at = 0;
    while (lo <= hi) {
      var mid = (lo + hi) >> 1;
      if (t[mid] <= term) { at = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return at;
  }

  function termChunk(n) {
    if (!termChunks.has(n)) {
      termChunks.set(n, loadJSON(manifest.terms_url + n + ".json"));
    }
    return termChunks.get(n);
  }

  function docChunk(n) {
    if (!docChunks.has(n)) {
      docChunks.set(n, loadJSON(manifest.docs_url + n + ".json"));
    }
    return docChunks.get(n);
  }

  function weight(fields) {
    var w = 0;
    for (var bit in FIELD_WEIGHT) if (fields & bit) w += FIELD_WEIGHT[bit];
    return w;
  }

  // doc → score for one word; `prefix` also takes the terms that start with it (the word
  // being typed), at a lower weight than the word itself.
  function lookup(word, prefix) {
    if (!manifest.terms.length) return Promise.resolve(new Map());
    var first = chunkOf(word);
    var last = first;
    if (prefix) {
      var end = word + "\u007f";
      while (last + 1 < manifest.terms.length && manifest.terms[last + 1] < end && last - first < 3) last++;
    }
    var wanted = [];
    for (var n = first; n <= last; n++) wanted.push(termChunk(n));
    return Promise.all(wanted).then(function (chunks) {
      var scores = new Map();
      chunks.forEach(function (chunk) {
        Object.keys(chunk).forEach(function (term) {
          var exact = term === word;
          if (!exact && !(prefix && term.indexOf(word) === 0)) return;
          var postings = chunk[term];
          var idf = Math.log(1 + manifest.docs / postings.length);
          var doc = 0;
          for (var i = 0; i < postings.length; i++) {
            var v = postings[i];
            doc += Math.floor(v / 8);
            var s = weight(v % 8) * idf * (exact ? 1 : 0.7);
            if (!(scores.get(doc) >= s)) scores.set(doc, s);
          }
        });
      });
      return scores;
    });
  }

  function search(query) {
    var mine = ++generation;
    var words = tokens(query);
    var kept = words.filter(function (w) { return !stop.has(w); });
    if (kept.length) words = kept;
    currentTokens = words;
    var filtered = filtering();
    var order = sortOrder();
    if (!words.length && !filtered) {
      ranked = [];
      list.replaceChildren();
      list.setAttribute("data-search", String(mine));
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = say("searching");
    var typing = !/\s$/.test(query);
    var needFacets = filtered || order !== "relevance";
    return loadManifest().then(function () {
      return Promise.all([
        Promise.all(words.map(function (w, i) {
          return lookup(w, typing && i === words.length - 1 && w.length >= 2);
        })),
        needFacets ? loadFacets() : null,
      ]);
    }).then(function (loaded) {
      if (mine !== generation) return;
      var perWord = loaded[0];
      if (!words.length) {
        // Filters alone: every article that passes them, newest first unless asked.
        var test = filterTest();
        ranked = [];
        for (var d = 0; d < facets.articles; d++) if (test(d)) ranked.push(d);
        ranked.sort(byDate(order === "oldest" ? "oldest" : "newest"));
        shown = 0;
        list.replaceChildren();
        return showMore(mine, query);
      }
      // Every word must match; the score adds up.
      var total = new Map(perWord[0]);
      for (var k = 1; k < perWord.length; k++) {
        var next = new Map();
        total.forEach(function (s, doc) {
          if (perWord[k].has(doc)) next.set(doc, s + perWord[k].get(doc));
        });
        total = next;
      }
      ranked = Array.from(total.entries()).sort(function (a, b) {
        return b[1] - a[1] || a[0] - b[0];
      }).map(function (e) { return e[0]; });
      if (filtered) ranked = ranked.filter(filterTest());
      if (order !== "relevance") ranked.sort(byDate(order));
      shown = 0;
      list.replaceChildren();
      return showMore(mine, query);
    }).catch(function (e) {
      if (mine !== generation) return;
      status.textContent = say("unavailable");
      if (window.console) console.error(e);
    });
  }

  function showMore(mine, query) {
    var ids = ranked.slice(shown, shown + PAGE);
    var wanted = Array.from(new Set(ids.map(function (id) { return Math.floor(id / manifest.chunk); })));
    return Promise.all(wanted.map(docChunk)).then(function () {
      return Promise.all(ids.map(function (id) {
        return docChunk(Math.floor(id / manifest.chunk)).then(function (docs) {
          return docs[id % manifest.chunk];
        });
      }));
    }).then(function (docs) {
      if (mine !== generation) return;
      docs.forEach(function (doc) { if (doc) list.appendChild(result(doc)); });
      shown += ids.length;
      // Which search the list shows (tests wait for it: a new order of the same results
      // leaves the status line as it was).
      list.setAttribute("data-search", String(mine));
      more.hidden = shown >= ranked.length;
      var n = ranked.length;
      var q = query.trim();
      var what = !q ? say("the-filters") : say(filtering() ? "query-filtered" : "query", { query: q });
      var values = { count: n, what: what, shown: shown };
      status.textContent = n === 0
        ? say("nothing", values)
        : say(n > shown ? "results-showing" : n === 1 ? "results-one" : "results-many", values);
    });
  }

  function el(name, className, text) {
    var e = document.createElement(name);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function result(doc) {
    var li = el("li", "result");
    var h = el("h2");
    var a = el("a", null, doc.title);
    a.href = doc.url;
    h.appendChild(a);
    li.appendChild(h);
    var meta = el("p", "meta");
    if (doc.kind === "person" || doc.kind === "topic") {
      meta.appendChild(el("span", "kind", doc.kind === "person" ? say("person") : say("topic")));
    } else if (doc.date) {
      var t = el("time", null, doc.date_human);
      t.setAttribute("datetime", doc.date);
      meta.appendChild(t);
    } else {
      meta.appendChild(el("span", "undated", say("undated")));
    }
    if (doc.people && doc.people.length) {
      meta.appendChild(el("span", "people", doc.people.slice(0, 4).join(", ")));
    }
    li.appendChild(meta);
    li.appendChild(snippet(doc.text || ""));
    return li;
  }

  // About 220 characters of the text around the first match, matches marked.
  function snippet(text) {
    var p = el("p", "snippet");
    var f = foldWithMap(text);
    var words = currentTokens.map(function (w) { return w.replace(/[^a-z0-9]/g, ""); }).filter(Boolean);
    var at = -1;
    if (words.length) {
      var phrase = new RegExp("(^|[^a-z0-9])" + words.join("[^a-z0-9]+"));
      var m = phrase.exec(f.text);
      if (!m) m = new RegExp("(^|[^a-z0-9])(" + words.join("|") + ")").exec(f.text);
      if (m) at = f.map[m.index + m[1].length];
    }
    var start = 0;
    if (at > 60) {
      start = text.lastIndexOf(" ", at - 60) + 1;
      if (start <= 0 || at - start > 90) start = at - 60;
    }
    var end = Math.min(text.length, start + 220);
    if (end < text.length) {
      var space = text.lastIndexOf(" ", end);
      if (space > start + 120) end = space;
    }
    var piece = text.slice(start, end).replace(/\s+/g, " ");
    if (start > 0) p.appendChild(document.createTextNode("… "));
    var pf = foldWithMap(piece);
    var re = words.length ? new RegExp("(^|[^a-z0-9])(" + words.join("|") + ")", "g") : null;
    var done = 0;
    var m2;
    while (re && (m2 = re.exec(pf.text))) {
      var s = pf.map[m2.index + m2[1].length];
      var e = pf.map[m2.index + m2[0].length];
      if (s < done) continue;
      p.appendChild(document.createTextNode(piece.slice(done, s)));
      p.appendChild(el("mark", null, piece.slice(s, e)));
      done = e;
    }
    p.appendChild(document.createTextNode(piece.slice(done)));
    if (end < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  var timer = null;
  function run(replaceUrl) {
    var q = input.value;
    var url = new URL(window.location.href);
    if (q.trim()) url.searchParams.set("q", q); else url.searchParams.delete("q");
    Object.keys(controls).forEach(function (name) {
      var v = value(name);
      if (v && !(name === "sort" && v === "relevance")) url.searchParams.set(name, v);
      else url.searchParams.delete(name);
    });
    if (replaceUrl) window.history.replaceState(null, "", url);
    return search(q);
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { run(true); }, 120);
  });
  input.addEventListener("focus", function () { loadManifest().catch(function () {}); });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    clearTimeout(timer);
    run(true);
  });
  Object.keys(controls).forEach(function (name) {
    var c = controls[name];
    // Typing a name waits for a pause, as the query does; a choice applies at once.
    c.addEventListener(c.tagName === "SELECT" || c.type === "date" ? "change" : "input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { run(true); }, c.tagName === "SELECT" ? 0 : 120);
    });
    // The names a person or topic field suggests come with the facets.
    c.addEventListener("focus", function () { loadFacets().catch(function () {}); });
  });
  more.addEventListener("click", function () {
    showMore(generation, input.value);
  });

  var params = new URLSearchParams(window.location.search);
  var initial = params.get("q");
  if (initial) input.value = initial;
  Object.keys(controls).forEach(function (name) {
    var v = params.get(name);
    if (v) controls[name].value = v;
  });
  if (initial || filtering() || sortOrder() !== "relevance") run(false);
})();

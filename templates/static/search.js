// Gazette's search: plain JavaScript, no framework, nothing from another site.
//
// The index is static and loaded piece by piece (see src/render/search.rs):
//   data/search.json       the manifest: first term of each term chunk, folding table, stop words
//   data/search/terms/N    sorted terms → posting lists (delta * 8 + field bits)
//   data/search/docs/N     documents in chunks: articles (title, url, date, people, topics,
//                          text), then person and topic pages
// A query loads the manifest, one term chunk per word, and the document chunks of the
// results it shows. Everything taken from the index is put on the page as text (textContent,
// createTextNode), never as markup.
(function () {
  "use strict";
  var script = document.currentScript;
  var input = document.getElementById("q");
  var list = document.getElementById("results");
  if (!script || !input || !input.form || !list) return;
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
    more.textContent = "More results";
    list.parentNode.insertBefore(more, list.nextSibling);
  }

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
    if (!words.length) {
      ranked = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      return Promise.resolve();
    }
    status.textContent = "Searching…";
    var typing = !/\s$/.test(query);
    return loadManifest().then(function () {
      return Promise.all(words.map(function (w, i) {
        return lookup(w, typing && i === words.length - 1 && w.length >= 2);
      }));
    }).then(function (perWord) {
      if (mine !== generation) return;
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
      shown = 0;
      list.replaceChildren();
      return showMore(mine, query);
    }).catch(function (e) {
      if (mine !== generation) return;
      status.textContent = "Search is unavailable: the index could not be loaded.";
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
      more.hidden = shown >= ranked.length;
      var n = ranked.length;
      status.textContent = n === 0
        ? "Nothing matches “" + query.trim() + "”."
        : n + (n === 1 ? " result" : " results") + " for “" + query.trim() + "”" +
          (n > shown ? ", showing " + shown + "." : ".");
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
      meta.appendChild(el("span", "kind", doc.kind === "person" ? "Person" : "Topic"));
    } else if (doc.date) {
      var t = el("time", null, doc.date_human);
      t.setAttribute("datetime", doc.date);
      meta.appendChild(t);
    } else {
      meta.appendChild(el("span", "undated", "Undated"));
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
  more.addEventListener("click", function () {
    showMore(generation, input.value);
  });

  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run(false);
  }
})();

(function () {
  // Gazette's live reload: injected by `gazette serve` into the pages it serves, never
  // written to the output folder. The server sends its state on the events channel; a new
  // generation means the site was rebuilt (reload if this page changed), errors mean the
  // last save broke it.
  var generation = __GAZETTE_GENERATION__;
  var box = null;
  function hide() {
    if (box) { box.remove(); box = null; }
  }
  function show(errors) {
    hide();
    box = document.createElement("div");
    box.id = "gazette-error-overlay";
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;" +
      "background:rgba(20,20,20,.92);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:2em";
    var h = document.createElement("h2");
    h.textContent = "Gazette: the last save did not build; showing the last good site";
    h.style.cssText = "color:#ff8a80;font:bold 18px/1.4 system-ui,sans-serif;margin:0 0 1em";
    box.appendChild(h);
    errors.forEach(function (e) {
      var where = document.createElement("div");
      where.className = "gazette-error-file";
      where.textContent = e.file + (e.line ? ":" + e.line : "");
      where.style.cssText = "font-weight:bold;color:#ffd180;margin-top:1em";
      var msg = document.createElement("pre");
      msg.className = "gazette-error-message";
      msg.textContent = e.message;
      msg.style.cssText = "white-space:pre-wrap;margin:.25em 0 0";
      box.appendChild(where);
      box.appendChild(msg);
    });
    var close = document.createElement("button");
    close.textContent = "Dismiss";
    close.style.cssText = "position:absolute;top:1em;right:1em";
    close.onclick = hide;
    box.appendChild(close);
    (document.body || document.documentElement).appendChild(box);
  }
  var events = new EventSource("/__gazette/events");
  // Whether a page this tab shows changed in the generations since its own: each lists
  // the pages it changed (null: all); a tab too far behind for the list reloads anyway.
  function changedSince(state) {
    var here = location.pathname.replace(/index\.html$/, "");
    var seen = (state.changes || []).filter(function (c) { return c.generation > generation; });
    if (seen.length < state.generation - generation) return true;
    return seen.some(function (c) { return c.pages === null || c.pages.indexOf(here) >= 0; });
  }
  events.addEventListener("state", function (e) {
    var state = JSON.parse(e.data);
    // A page the last build moved (its headline, hence its address, changed) is followed,
    // also by a tab that loaded the old address only after the move (and so shows the
    // 404 page at the current generation): an edit is previewed at the old address first,
    // and the reload that preview asks for can arrive after the rebuild moved the page.
    var to = state.moved && state.moved[location.pathname];
    if (to) { location.replace(to + location.search + location.hash); return; }
    if (state.generation !== generation) {
      if (changedSince(state)) { location.reload(); return; }
      generation = state.generation;
    }
    if (state.errors.length) { show(state.errors); } else { hide(); }
  });
})();

/* portkg site: the zh/en switch (remembered across pages) and search on every page.
   No network: the search index is a script file next to this one, loaded when first needed. */
(function () {
  "use strict";
  var html = document.documentElement;
  var KEY = "portkg.lang";

  function lang() { return html.dataset.lang === "en" ? "en" : "zh"; }

  function applyLang(l) {
    html.dataset.lang = l;
    html.lang = l === "en" ? "en" : "zh-Hans";
    // text that cannot hold two spans: <option>, <title>, placeholders, aria labels
    document.querySelectorAll("[data-zh][data-en]").forEach(function (el) { el.textContent = el.dataset[l]; });
    document.querySelectorAll("[data-zh-placeholder]").forEach(function (el) { el.placeholder = el.dataset[l + "Placeholder"]; });
    document.querySelectorAll("[data-zh-title]").forEach(function (el) { el.title = el.dataset[l + "Title"]; });
    if (html.dataset.titleZh) { document.title = l === "en" ? html.dataset.titleEn : html.dataset.titleZh; }
    document.dispatchEvent(new CustomEvent("portkg:lang", { detail: { lang: l } }));
  }

  function setLang(l) {
    try { localStorage.setItem(KEY, l); } catch (e) { /* private mode: this page only */ }
    applyLang(l);
  }

  window.portkg = window.portkg || {};
  window.portkg.lang = lang;
  window.portkg.setLang = setLang;

  var button = document.getElementById("lang");
  if (button) { button.addEventListener("click", function () { setLang(lang() === "en" ? "zh" : "en"); }); }
  applyLang(lang());

  // ---------------------------------------------------------------- home grid: a cell opens its cases
  // A <dialog> per cell (home.html): tapping works on a phone, where a title tooltip never shows.
  document.addEventListener("click", function (ev) {
    var a = ev.target.closest ? ev.target.closest("a[data-pop]") : null;
    if (!a) { return; }
    var dlg = document.getElementById(a.dataset.pop);
    if (!dlg || typeof dlg.showModal !== "function") { return; }  // no <dialog>: follow the link
    ev.preventDefault();
    dlg.showModal();
  });
  document.querySelectorAll("dialog.cell-pop").forEach(function (dlg) {
    dlg.addEventListener("click", function (ev) {  // a tap on the backdrop closes it
      if (ev.target !== dlg) { return; }
      var r = dlg.getBoundingClientRect();
      if (ev.clientX < r.left || ev.clientX > r.right || ev.clientY < r.top || ev.clientY > r.bottom) { dlg.close(); }
    });
  });
  var matrixBox = document.getElementById("matrix-box"), matrixHint = document.getElementById("matrix-hint");
  function matrixOverflow() {
    var more = matrixBox.scrollWidth > matrixBox.clientWidth + 2;
    matrixHint.hidden = !more;
    matrixBox.classList.toggle("scrolls", more);
  }
  if (matrixBox && matrixHint) { matrixOverflow(); window.addEventListener("resize", matrixOverflow); }

  // ---------------------------------------------------------------- search
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var root = form.dataset.root || "";
  var box = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var loading = null;

  function loadIndex(done) {
    if (window.PORTKG_SEARCH) { done(); return; }
    if (!loading) {
      loading = [];
      var s = document.createElement("script");
      s.src = root + "search-index.js";
      s.onload = function () { loading.forEach(function (f) { f(); }); };
      document.head.appendChild(s);
    }
    loading.push(done);
  }

  function norm(s) { return (s || "").toLowerCase().replace(/[\s“”"'‘’《》「」()（）·、，,]/g, ""); }

  /* entries: [kind_zh, kind_en, label_zh, label_en, href, [texts…], n_names, [where_zh, where_en], [text_where…]]
     where: the entry's source and city ("山东 08 · 烟台"); text_where[i]: 1 + the index in PORTKG_SEARCH.cases
     of the case texts[i] is quoted from (0: a name) */
  function find(q, limit) {
    var nq = norm(q), hits = [];
    if (!nq) { return hits; }
    window.PORTKG_SEARCH.entries.forEach(function (e) {
      var score = 0, snippet = "", from = null;
      var zh = norm(e[2]), en = norm(e[3]);
      if (zh === nq || en === nq) { score = 100; }
      else if (zh.indexOf(nq) === 0 || en.indexOf(nq) === 0) { score = 80; }
      else if (zh.indexOf(nq) >= 0 || en.indexOf(nq) >= 0) { score = 60; }
      if (score < 50 && e[1] === "Case" && e[7] && e[7][0] && (norm(e[7][0]).indexOf(nq) >= 0 || norm(e[7][1]).indexOf(nq) >= 0)) {
        score = 50;  // a case found by its source or city: 烟台 / Yantai / 山东 08
      }
      var texts = e[5] || [];
      for (var i = 0; i < texts.length && score < 100; i++) {
        if (norm(texts[i]).indexOf(nq) >= 0) {
          var s = i < (e[6] || 0) ? 70 : 30;  // the first e[6] texts are other names (wordings), the rest quotes
          if (s > score) { score = s; }
          if (!snippet) { snippet = texts[i]; from = window.PORTKG_SEARCH.cases[((e[8] || [])[i] || 0) - 1] || null; }
        }
      }
      if (score) { hits.push({ e: e, score: score, snippet: snippet, from: from }); }
    });
    hits.sort(function (a, b) { return b.score - a.score || a.e[2].localeCompare(b.e[2]); });
    return limit ? hits.slice(0, limit) : hits;
  }
  window.portkg.search = function (q, limit, done) { loadIndex(function () { done(find(q, limit)); }); };

  function render(hits, target, rootPath) {
    target.textContent = "";
    var l = lang();
    hits.forEach(function (h) {
      var a = document.createElement("a");
      a.href = rootPath + h.e[4];
      var k = document.createElement("span"); k.className = "kind"; k.textContent = l === "en" ? h.e[1] : h.e[0];
      a.appendChild(k);
      var where = h.e[7] && h.e[7][0] ? h.e[7] : null, isCase = h.e[1] === "Case";
      var w = null;
      if (where) { w = document.createElement("span"); w.className = isCase ? "where" : "where-cities"; w.textContent = l === "en" ? where[1] : where[0]; }
      if (w && isCase) { a.appendChild(w); }  // case numbers repeat across sources: say which source and city first
      var label = l === "en" ? (h.e[3] || h.e[2]) : h.e[2];
      if (w && isCase) { label = label.replace(/^\d+\s+/, ""); }  // the number is in the where
      a.appendChild(document.createTextNode(label));
      if (l === "en" && h.e[3] && h.e[3] !== h.e[2]) { a.appendChild(document.createTextNode(" · " + h.e[2])); }
      if (w && !isCase) { a.appendChild(document.createTextNode(" ")); a.appendChild(w); }
      if (h.snippet) {
        var sn = document.createElement("span"); sn.className = "snippet"; sn.textContent = /^[“「『"].*[”」』"]$/.test(h.snippet) ? h.snippet : "“" + h.snippet + "”";
        if (h.from && !(where && where[0] === h.from[0])) {
          var f = document.createElement("span"); f.className = "from"; f.textContent = " — " + (l === "en" ? h.from[1] : h.from[0]);
          sn.appendChild(f);
        }
        a.appendChild(sn);
      }
      target.appendChild(a);
    });
    if (!hits.length) {
      var none = document.createElement("div"); none.className = "muted"; none.style.padding = ".4rem .6rem";
      none.textContent = l === "en" ? "Nothing found" : "没有找到"; target.appendChild(none);
    }
  }
  window.portkg.renderHits = render;

  // On the search page the box fills the page's own results as the reader types (and the URL keeps
  // the query); elsewhere it opens the dropdown under the box.
  var page = document.getElementById("search-page");
  var summary = document.getElementById("search-summary");
  function showPage(q) {
    loadIndex(function () {
      var hits = q ? find(q, 0) : [];
      if (q) { render(hits, page, root); } else { page.textContent = ""; }
      var l = lang();
      summary.textContent = q ? (l === "en" ? hits.length + " results for “" + q + "”" : "“" + q + "”：" + hits.length + " 条结果") : "";
      page.dataset.query = q;
    });
  }
  window.portkg.showSearchPage = showPage;
  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (page) {
        list.hidden = true;
        showPage(q);
        try { history.replaceState(null, "", q ? "?q=" + encodeURIComponent(q) : location.pathname); } catch (e) { /* file:// */ }
        return;
      }
      if (!q) { list.hidden = true; return; }
      loadIndex(function () { render(find(q, 12), list, root); list.hidden = false; });
    }, page ? 200 : 80);
  });
  if (page) {
    form.addEventListener("submit", function (ev) { ev.preventDefault(); clearTimeout(timer); showPage(box.value.trim()); });
    var q0 = new URLSearchParams(location.search).get("q") || "";
    box.value = q0;
    if (q0) { showPage(q0); }
    document.addEventListener("portkg:lang", function () { showPage(box.value.trim()); });
  }
  box.addEventListener("focus", function () { loadIndex(function () {}); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { list.hidden = true; }
  });
  document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) { list.hidden = true; } });
})();

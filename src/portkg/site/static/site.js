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

  /* entries: [kind_zh, kind_en, label_zh, label_en, href, [texts…]] */
  function find(q, limit) {
    var nq = norm(q), hits = [];
    if (!nq) { return hits; }
    window.PORTKG_SEARCH.entries.forEach(function (e) {
      var score = 0, snippet = "";
      var zh = norm(e[2]), en = norm(e[3]);
      if (zh === nq || en === nq) { score = 100; }
      else if (zh.indexOf(nq) === 0 || en.indexOf(nq) === 0) { score = 80; }
      else if (zh.indexOf(nq) >= 0 || en.indexOf(nq) >= 0) { score = 60; }
      var texts = e[5] || [];
      for (var i = 0; i < texts.length && score < 100; i++) {
        if (norm(texts[i]).indexOf(nq) >= 0) {
          var s = i < (e[6] || 0) ? 70 : 30;  // the first e[6] texts are other names (wordings), the rest quotes
          if (s > score) { score = s; }
          if (!snippet) { snippet = texts[i]; }
        }
      }
      if (score) { hits.push({ e: e, score: score, snippet: snippet }); }
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
      a.appendChild(document.createTextNode(l === "en" ? (h.e[3] || h.e[2]) : h.e[2]));
      if (l === "en" && h.e[3] && h.e[3] !== h.e[2]) { a.appendChild(document.createTextNode(" · " + h.e[2])); }
      if (h.snippet) { var sn = document.createElement("span"); sn.className = "snippet"; sn.textContent = h.snippet; a.appendChild(sn); }
      target.appendChild(a);
    });
    if (!hits.length) {
      var none = document.createElement("div"); none.className = "muted"; none.style.padding = ".4rem .6rem";
      none.textContent = l === "en" ? "Nothing found" : "没有找到"; target.appendChild(none);
    }
  }
  window.portkg.renderHits = render;

  var timer = null;
  box.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var q = box.value.trim();
      if (!q) { list.hidden = true; return; }
      loadIndex(function () { render(find(q, 12), list, root); list.hidden = false; });
    }, 80);
  });
  box.addEventListener("focus", function () { loadIndex(function () {}); });
  box.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { list.hidden = true; }
  });
  document.addEventListener("click", function (ev) { if (!form.contains(ev.target)) { list.hidden = true; } });
})();

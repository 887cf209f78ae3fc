/* claimbase: the few scripts the site needs. No network beyond the site's own data files, no library.
   Each part runs only on the page that has its element. */
(function () {
  "use strict";

  /* ---------- helpers ---------- */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  function fold(text) {
    // Lower case, accents removed: "Koursk" and "KOURSK", "Zelensky" and "Zélensky" match.
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function compact(text) { return fold(text).replace(/[^a-z0-9\u0400-\u04ff\uac00-\ud7af]+/g, ""); }
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) { node.appendChild(typeof c === "string" ? document.createTextNode(c) : c); });
    return node;
  }
  function loadJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error("cannot load " + url + ": " + r.status); }
      return r.json();
    });
  }

  /* ---------- citation box: the reader's access date ---------- */
  function citeBox() {
    var box = document.querySelector("[data-cb-cite]");
    if (!box) { return; }
    var now = new Date();
    var iso = now.getFullYear() + "-" + String(now.getMonth() + 1).padStart(2, "0") + "-" +
      String(now.getDate()).padStart(2, "0");
    var long = MONTHS[now.getMonth()] + " " + now.getDate() + ", " + now.getFullYear();
    box.querySelectorAll("[data-cb-today]").forEach(function (span) {
      span.textContent = span.getAttribute("data-cb-today") === "iso" ? iso : long;
    });
    /* BibTeX: no urldate at all without this script, never a placeholder that looks like a date */
    box.querySelectorAll("[data-cb-urldate]").forEach(function (span) {
      span.textContent = ",\n  urldate = {" + iso + "}";
    });
    var csl = box.querySelector("[data-cb-csl]");
    if (csl) {
      try {
        var items = JSON.parse(csl.textContent);  /* CSL-JSON: an array of items */
        (Array.isArray(items) ? items : [items]).forEach(function (item) {
          item.accessed = { "date-parts": [[now.getFullYear(), now.getMonth() + 1, now.getDate()]] };
        });
        csl.textContent = JSON.stringify(items, null, 2);
      } catch (e) { /* leave the text as built */ }
    }
    var input = box.querySelector(".cb-permalink");
    if (input) { input.addEventListener("focus", function () { input.select(); }); }
  }

  /* ---------- claims index: filters, sorting, pages, all kept in the address ---------- */
  var PAGE_SIZE = 100;
  var FILTERS = ["system", "place", "kind", "status", "credibility", "from", "to", "q", "actor", "source"];

  function claimsIndex() {
    var root = document.getElementById("cb-claims-index");
    if (!root) { return; }
    var form = document.getElementById("cb-filters");
    var table = document.getElementById("cb-claims-table");
    var tbody = table.querySelector("tbody");
    var count = document.getElementById("cb-count");
    var pager = document.getElementById("cb-pager");
    var base = root.getAttribute("data-base");
    var data = null, col = {}, state = {}, pos = {};

    function readState() {
      var params = new URLSearchParams(window.location.search);
      state = {};
      FILTERS.concat(["sort", "page"]).forEach(function (k) { state[k] = params.get(k) || ""; });
      // Only what the page offers: a sort it knows (?sort=__proto__ once stopped every filter), a page
      // number, dates as the form takes them.
      if (!Object.prototype.hasOwnProperty.call(SORTS, state.sort.replace(/^-/, ""))) { state.sort = ""; }
      if (!/^[0-9]{1,6}$/.test(state.page)) { state.page = ""; }
      ["from", "to"].forEach(function (k) { if (!/^\d{4}(-\d{2})?$/.test(state[k])) { state[k] = ""; } });
    }
    function writeState(push) {
      var params = new URLSearchParams();
      FILTERS.concat(["sort", "page"]).forEach(function (k) {
        if (state[k] && !(k === "page" && state[k] === "1")) { params.set(k, state[k]); }
      });
      var query = params.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (push) { history.pushState(null, "", url); } else { history.replaceState(null, "", url); }
    }
    function fillSelect(name, options) {
      var select = form.elements[name];
      options.forEach(function (o) { select.appendChild(el("option", { value: o[0], text: o[1] })); });
    }
    function optionsFrom(records) {
      return records.slice().sort(function (a, b) { return a[1].localeCompare(b[1]); });
    }
    function has(r, column, kind, id) {
      return Object.prototype.hasOwnProperty.call(pos[kind], id) && r[col[column]].indexOf(pos[kind][id]) >= 0;
    }
    function setup() {
      data.columns.forEach(function (name, i) { col[name] = i; });
      col.order = data.columns.length;  // the file's own order: newest report first
      data.rows.forEach(function (r, i) { r.push(i); });
      Object.keys(data.records).forEach(function (kind) {
        pos[kind] = Object.create(null);
        data.records[kind].forEach(function (rec, i) { pos[kind][rec[0]] = i; });
      });
      fillSelect("system", optionsFrom(data.records.system));
      fillSelect("place", optionsFrom(data.records.place));
      var kinds = {}, statuses = {};
      data.rows.forEach(function (r) { kinds[r[col.kind]] = 1; statuses[r[col.status]] = 1; });
      fillSelect("kind", Object.keys(kinds).sort().map(function (k) { return [k, label(k)]; }));
      fillSelect("status", [["all", "All, including withdrawn and merged"]].concat(
        Object.keys(statuses).sort().map(function (k) { return [k, label(k)]; })));
      fillSelect("credibility", [1, 2, 3, 4, 5, 6].map(function (n) {
        return [String(n), n + " – " + ["confirmed", "probably true", "possibly true", "doubtful", "improbable",
          "cannot be judged"][n - 1]];
      }));
      form.hidden = false;
      form.addEventListener("input", onChange);
      form.addEventListener("change", onChange);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("reset", function () {
        setTimeout(function () { FILTERS.forEach(function (k) { state[k] = ""; }); state.page = ""; syncForm(); render(true); }, 0);
      });
      table.querySelectorAll("th[data-sort]").forEach(function (th) {
        th.tabIndex = 0;
        th.classList.add("cb-sortable");
        function sortBy() {
          var key = th.getAttribute("data-sort");
          state.sort = state.sort === key ? "-" + key : (state.sort === "-" + key ? key : (key === "title" || key === "kind" || key === "status" ? key : "-" + key));
          state.page = "";
          render(true);
        }
        th.addEventListener("click", sortBy);
        th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(); } });
      });
      window.addEventListener("popstate", function () { readState(); syncForm(); render(false); });
    }
    function label(value) { var s = value.replace(/-/g, " "); return s.charAt(0).toUpperCase() + s.slice(1); }
    function syncForm() {
      FILTERS.forEach(function (k) { if (form.elements[k]) { form.elements[k].value = state[k]; } });
    }
    var typing = false;
    function onChange(e) {
      // One history entry per change: a select pushes on "change"; typing pushes on its first key,
      // then replaces, so Back returns to the view before the change.
      var field = e.target;
      if (!field.name) { return; }
      var isSelect = field.tagName === "SELECT";
      if (isSelect && e.type === "input") { return; }
      if (!isSelect && e.type === "change") { typing = false; return; }
      var value = field.value;
      if ((field.name === "from" || field.name === "to") && value && !/^\d{4}(-\d{2})?$/.test(value)) { return; }
      state[field.name] = value;
      state.page = "";
      var push = isSelect || !typing;
      typing = !isSelect;
      render(push);
    }
    function bound(text, end) {
      if (!text) { return null; }
      if (text.length === 4) { return end ? text + "-12-31" : text + "-01-01"; }
      return end ? text + "-31" : text + "-01";
    }
    function matches(r) {
      var listed = data.listed_statuses;
      if (state.status === "all") { /* everything */ } else if (state.status) {
        if (r[col.status] !== state.status) { return false; }
      } else if (listed.indexOf(r[col.status]) < 0) { return false; }
      if (state.system && !has(r, "systems", "system", state.system)) { return false; }
      if (state.place && !has(r, "places", "place", state.place)) { return false; }
      if (state.actor && !has(r, "actors", "actor", state.actor)) { return false; }
      if (state.source && !has(r, "sources", "source", state.source)) { return false; }
      if (state.kind && r[col.kind] !== state.kind) { return false; }
      if (state.credibility && String(r[col.credibility]) !== state.credibility) { return false; }
      var from = bound(state.from, false), to = bound(state.to, true);
      if (from || to) {
        // A claim matches when the span its event date can stand for overlaps the chosen period.
        if (!r[col.event_start]) { return false; }
        if (from && r[col.event_end] < from) { return false; }
        if (to && r[col.event_start] > to) { return false; }
      }
      if (state.q) {
        var words = fold(state.q).split(/\s+/).filter(Boolean);
        var hay = fold(r[col.title] + " " + r[col.id]);
        for (var i = 0; i < words.length; i++) { if (hay.indexOf(words[i]) < 0) { return false; } }
      }
      return true;
    }
    var SORTS = {
      event: function (r) { return r[col.event_start] || ""; },
      report: function (r) { return -r[col.order]; },
      title: function (r) { return fold(r[col.title]); },
      kind: function (r) { return r[col.kind]; },
      status: function (r) { return r[col.status]; },
      confidence: function (r) { return (6 - r[col.credibility]) + r[col.reliability]; }
    };
    function render(push) {
      var rows = data.rows.filter(matches);
      var sort = state.sort || "";
      var desc = sort.charAt(0) === "-";
      var name = sort.replace(/^-/, "");
      var key = Object.prototype.hasOwnProperty.call(SORTS, name) ? SORTS[name] : null;
      if (key) {
        rows = rows.map(function (r, i) { return [key(r), i, r]; });
        rows.sort(function (a, b) {
          var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
          return (desc ? -c : c) || a[1] - b[1];
        });
        rows = rows.map(function (x) { return x[2]; });
      }
      var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
      var page = Math.min(Math.max(parseInt(state.page, 10) || 1, 1), pages);
      var shown = rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      var fragment = document.createDocumentFragment();
      shown.forEach(function (r) { fragment.appendChild(row(r)); });
      tbody.replaceChildren(fragment);
      var all = rows.length === data.rows.length ? "" : " (of " + data.rows.length + " in all)";
      count.textContent = rows.length === 0 ? "No claim matches these filters." :
        rows.length <= PAGE_SIZE ? rows.length + " claim" + (rows.length === 1 ? "" : "s") + all + "." :
        "Showing " + ((page - 1) * PAGE_SIZE + 1) + "–" + ((page - 1) * PAGE_SIZE + shown.length) + " of " +
        rows.length + " claims" + all + ".";
      count.setAttribute("data-count", String(rows.length));
      table.querySelectorAll("th[data-sort]").forEach(function (th) {
        var k = th.getAttribute("data-sort");
        th.setAttribute("aria-sort", sort === k ? "ascending" : sort === "-" + k ? "descending" : "none");
      });
      renderPager(page, pages);
      writeState(push);
    }
    function renderPager(page, pages) {
      pager.replaceChildren();
      if (pages < 2) { return; }
      function go(n, text) {
        var b = el("button", { type: "button", text: text, class: "md-button" });
        if (n === page || n < 1 || n > pages) { b.disabled = true; }
        b.addEventListener("click", function () { state.page = String(n); render(true); window.scrollTo(0, 0); });
        pager.appendChild(b);
      }
      go(page - 1, "Previous");
      pager.appendChild(el("span", { text: " Page " + page + " of " + pages + " " }));
      go(page + 1, "Next");
    }
    function link(href, text) { return el("a", { href: href, text: text }); }
    function row(r) {
      // The same cells as the server-rendered rows (templates/_macros.html, claim_table).
      var tr = el("tr");
      tr.appendChild(el("td", { text: r[col.event] || "—", class: "cb-nowrap" }));
      tr.appendChild(el("td", { class: "cb-title-cell" }, [link(base + data.paths.claim + r[col.id] + "/", r[col.title]), " ",
        el("span", { class: "cb-kind", text: label(r[col.kind]) })]));
      var sys = el("td");
      r[col.systems].forEach(function (n, i) {
        var rec = data.records.system[n];
        if (i) { sys.appendChild(document.createTextNode(", ")); }
        sys.appendChild(link(base + data.paths.system + rec[0] + "/", rec[1]));
      });
      tr.appendChild(sys);
      var place = el("td");
      if (r[col.places].length) {
        var rec = data.records.place[r[col.places][0]];
        place.appendChild(link(base + data.paths.place + rec[0] + "/", rec[1]));
      }
      tr.appendChild(place);
      tr.appendChild(el("td", { class: "cb-nowrap" }, [el("span", { class: "cb-status cb-status--" + r[col.status], text: label(r[col.status]) }),
        " ", el("span", { class: "cb-conf", text: r[col.reliability] + r[col.credibility] })]));
      tr.appendChild(el("td", { text: r[col.report], class: "cb-nowrap" }));
      return tr;
    }

    readState();
    loadJSON(root.getAttribute("data-index")).then(function (json) {
      data = json;
      setup();
      syncForm();
      render(false);
    }).catch(function (err) {
      count.textContent = "The filters could not be loaded (" + err.message + "); the table shows the most recent claims.";
    });
  }

  /* ---------- search: every name of every record, no server ---------- */
  function search() {
    var root = document.getElementById("cb-search");
    if (!root) { return; }
    var form = document.getElementById("cb-search-form");
    var input = document.getElementById("cb-q");
    var list = document.getElementById("cb-results");
    var count = document.getElementById("cb-search-count");
    var base = root.getAttribute("data-base");
    var records = null, claims = null, claimPath = "";
    var KIND = { system: "Weapon system", place: "Place", actor: "Actor", source: "Source" };

    function prepare(json) {
      records = json.records.map(function (r) {
        var names = r.slice(3);
        return { kind: r[0], id: r[1], path: r[2], name: names[0], names: names,
          fold: fold(names.join(" | ") + " | " + r[1]), compact: names.map(compact).join("|") + "|" + compact(r[1]) };
      });
      claimPath = json.paths.claim;
      claims = json.claims.map(function (c) {
        var linked = c[4].map(function (i) { return records[i]; });
        return { id: c[0], title: c[1], kind: c[2], status: c[3], linked: linked,
          fold: fold(c[1] + " | " + c[0]), compact: compact(c[1]) + "|" + compact(c[0]) };
      });
    }
    function hit(item, word, cword) { return item.fold.indexOf(word) >= 0 || (cword && item.compact.indexOf(cword) >= 0); }
    function run(query) {
      var words = fold(query).split(/\s+/).filter(Boolean);
      list.replaceChildren();
      if (!words.length) { count.textContent = "Type a name: a weapon system, a place, a person, an outlet."; return; }
      var cwords = words.map(compact);
      var results = [];
      records.forEach(function (r) {
        if (words.every(function (w, i) { return hit(r, w, cwords[i]); })) { results.push({ score: 3, record: r }); }
      });
      claims.forEach(function (c) {
        var score = 0;
        var ok = words.every(function (w, i) {
          if (hit(c, w, cwords[i])) { score += 2; return true; }
          for (var j = 0; j < c.linked.length; j++) { if (hit(c.linked[j], w, cwords[i])) { score += 1; return true; } }
          return false;
        });
        if (ok) { results.push({ score: score + (c.status === "withdrawn" || c.status === "merged" ? -5 : 0), claim: c }); }
      });
      results.sort(function (a, b) { return b.score - a.score; });
      var total = results.length;
      results.slice(0, 100).forEach(function (res) {
        var li;
        if (res.record) {
          li = el("li", { class: "cb-result" }, [el("span", { class: "cb-kind", text: KIND[res.record.kind] }), " ",
            el("a", { href: base + res.record.path, text: res.record.name })]);
          if (res.record.names.length > 1) {
            li.appendChild(el("span", { class: "cb-precision", text: " also: " + res.record.names.slice(1).join(", ") }));
          }
        } else {
          var c = res.claim;
          li = el("li", { class: "cb-result" }, [el("span", { class: "cb-status cb-status--" + c.status, text: c.status }), " ",
            el("a", { href: base + claimPath + c.id + "/", text: c.title })]);
          var via = c.linked.filter(function (r) { return words.some(function (w, i) { return hit(r, w, cwords[i]); }); });
          if (via.length) {
            li.appendChild(el("span", { class: "cb-precision", text: " — " + via.map(function (r) { return r.name; }).join(", ") }));
          }
        }
        list.appendChild(li);
      });
      count.textContent = total === 0 ? "Nothing found for “" + query + "”." :
        total + " result" + (total === 1 ? "" : "s") + " for “" + query + "”" + (total > 100 ? ", the first 100 shown." : ".");
    }
    function fromUrl() { return new URLSearchParams(window.location.search).get("q") || ""; }
    function keepInUrl() {
      history.replaceState(null, "", window.location.pathname + (input.value ? "?q=" + encodeURIComponent(input.value) : ""));
    }
    // Listen at once: a reader may type before the index has arrived; the search runs when it does.
    var timer = null;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { keepInUrl(); if (records) { run(input.value); } }, 120);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      keepInUrl();
      if (records) { run(input.value); }
    });
    if (!input.value) { input.value = fromUrl(); }
    count.textContent = "Loading the index…";
    loadJSON(root.getAttribute("data-index")).then(function (json) {
      prepare(json);
      if (input.value) { keepInUrl(); }
      run(input.value);
    }).catch(function (err) { count.textContent = "The search index could not be loaded (" + err.message + ")."; });
  }

  function start() { citeBox(); claimsIndex(); search(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

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
    copyButtons(box);
  }

  /* ---------- copy buttons: the text of an element to the clipboard, announced in a live region ---------- */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) { return navigator.clipboard.writeText(text); }
    return new Promise(function (resolve, reject) {
      var area = el("textarea", { class: "cb-visually-hidden", readonly: "" });
      area.value = text;
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      area.remove();
      if (ok) { resolve(); } else { reject(new Error("copy refused")); }
    });
  }
  function copyButtons(box) {
    var status = box.querySelector("[data-cb-copy-status]");
    box.querySelectorAll("[data-cb-copy]").forEach(function (button) {
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = box.querySelector(button.getAttribute("data-cb-copy"));
        var text = source.value !== undefined && source.tagName !== "CODE" ? source.value : source.textContent;
        var what = label.replace(/^Copy /, "");
        copyText(text.trim()).then(function () {
          button.textContent = "Copied";
          if (status) { status.textContent = what.charAt(0).toUpperCase() + what.slice(1) + " copied to the clipboard."; }
        }, function () {
          if (status) { status.textContent = "Could not copy: select the text and copy it by hand."; }
        }).then(function () { setTimeout(function () { button.textContent = label; }, 2000); });
      });
    });
  }

  /* ---------- claims index: filters, sorting, pages, all kept in the address ---------- */
  var PAGE_SIZE = 100;
  var FILTERS = ["system", "place", "kind", "status", "reliability", "credibility", "from", "to", "q", "actor", "source"];
  // The words of the grades (claimbase/site/vocab.py).
  var RELIABILITY = { A: "completely reliable", B: "usually reliable", C: "fairly reliable", D: "not usually reliable",
    E: "unreliable", F: "reliability cannot be judged" };
  var CREDIBILITY = ["", "confirmed by other independent sources", "probably true", "possibly true", "doubtful",
    "improbable", "truth cannot be judged"];

  function pips(level, unknown) {
    var out = el("span", { class: "cb-pips" + (unknown ? " cb-pips--unknown" : ""), "aria-hidden": "true" });
    for (var i = 0; i < 5; i++) { out.appendChild(el("span", { class: "cb-pip" + (i < level ? " cb-pip--on" : "") })); }
    return out;
  }
  function confScale(rel, cred, methodology) {
    // The same markup as templates/_macros.html, conf_scale: the grade keeps its link and tooltip.
    cred = Number(cred);
    var grade = el("a", { class: "cb-conf", href: methodology, text: rel + cred,
      title: "Source reliability " + rel + ": " + RELIABILITY[rel] + "; information credibility " + cred + ": " + CREDIBILITY[cred] });
    function axis(level, unknown, who, words) {
      return el("span", { class: "cb-confscale__axis" }, [pips(level, unknown), el("span", { class: "cb-confscale__words" },
        [el("span", { class: "cb-visually-hidden", text: who }), words])]);
    }
    return el("span", { class: "cb-confscale" }, [grade, el("span", { class: "cb-confscale__axes" }, [
      axis(5 - "ABCDEF".indexOf(rel), rel === "F", "Source: ", RELIABILITY[rel]),
      axis(6 - cred, cred === 6, "Information: ", CREDIBILITY[cred])])]);
  }

  function claimsIndex() {
    var root = document.getElementById("cb-claims-index");
    if (!root) { return; }
    var form = document.getElementById("cb-filters");
    var table = document.getElementById("cb-claims-table");
    var tbody = table.querySelector("tbody");
    var count = document.getElementById("cb-count");
    var pager = document.getElementById("cb-pager");
    var base = root.getAttribute("data-base");
    var methodology = root.getAttribute("data-methodology");
    var STATUS_MEANS = JSON.parse(root.getAttribute("data-statuses") || "{}");
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
      fillSelect("reliability", "ABCDEF".split("").map(function (g) { return [g, g + " – " + RELIABILITY[g]]; }));
      fillSelect("credibility", [1, 2, 3, 4, 5, 6].map(function (n) { return [String(n), n + " – " + CREDIBILITY[n]]; }));
      form.hidden = false;
      form.addEventListener("input", onChange);
      form.addEventListener("change", onChange);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
      form.addEventListener("reset", function () {
        setTimeout(function () { FILTERS.forEach(function (k) { state[k] = ""; }); state.page = ""; syncForm(); render(true); }, 0);
      });
      // Sortable headers hold buttons: reached with Tab, pressed with Enter or Space. The Confidence
      // column sorts by either axis, so it has one button for each.
      table.querySelectorAll("th[data-sort]").forEach(function (th) {
        var keys = th.getAttribute("data-sort").split(" ");
        var heading = th.textContent;
        th.replaceChildren();
        keys.forEach(function (key, i) {
          var text = keys.length > 1 ? (key === "reliability" ? "Source" : "Information") : heading;
          var b = el("button", { type: "button", class: "cb-sort", "data-sort-key": key, text: text });
          if (keys.length > 1) {
            b.setAttribute("aria-label", "Sort by " + (key === "reliability" ? "source reliability" : "information credibility"));
            if (i === 0) { th.appendChild(el("span", { class: "cb-sort__group", text: heading })); }
          }
          b.addEventListener("click", function (e) { e.stopPropagation(); sortBy(key); });
          th.appendChild(b);
        });
        // A click anywhere in a one-key header sorts too, as it did before the headers held buttons.
        if (keys.length === 1) { th.addEventListener("click", function () { sortBy(keys[0]); }); }
      });
      fillSelect("sort", SORT_CHOICES);
      window.addEventListener("popstate", function () { readState(); syncForm(); render(false); });
    }
    var SORT_CHOICES = [["event", "Event date, oldest first"], ["-event", "Event date, newest first"],
      ["title", "Title, A to Z"], ["status", "Status"], ["reliability", "Source reliability, most reliable first"],
      ["-reliability", "Source reliability, least reliable first"], ["credibility", "Credibility, most credible first"],
      ["-credibility", "Credibility, least credible first"], ["-report", "Reported, oldest first"]];
    function sortBy(key) {
      var ascFirst = key === "title" || key === "kind" || key === "status" || key === "reliability" || key === "credibility";
      state.sort = state.sort === key ? "-" + key : (state.sort === "-" + key ? key : (ascFirst ? key : "-" + key));
      state.page = "";
      syncForm();
      render(true);
    }
    function label(value) { var s = value.replace(/-/g, " "); return s.charAt(0).toUpperCase() + s.slice(1); }
    function syncForm() {
      FILTERS.concat(["sort"]).forEach(function (k) { if (form.elements[k]) { form.elements[k].value = state[k]; } });
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
      if (state.reliability && r[col.reliability] !== state.reliability) { return false; }
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
      reliability: function (r) { return r[col.reliability] + r[col.credibility]; },
      credibility: function (r) { return r[col.credibility] + r[col.reliability]; }
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
        var keys = th.getAttribute("data-sort").split(" ");
        var on = keys.filter(function (k) { return sort === k || sort === "-" + k; })[0];
        if (on) { th.setAttribute("aria-sort", sort === on ? "ascending" : "descending"); } else { th.removeAttribute("aria-sort"); }
        th.querySelectorAll("button[data-sort-key]").forEach(function (b) {
          var k = b.getAttribute("data-sort-key");
          b.setAttribute("data-dir", sort === k ? "asc" : sort === "-" + k ? "desc" : "");
        });
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
      // The same cells as the server-rendered rows (templates/claim_row.html).
      var tr = el("tr");
      tr.appendChild(el("td", { text: r[col.event] || "—", class: "cb-nowrap cb-col-event", "data-label": "Event" }));
      tr.appendChild(el("td", { class: "cb-title-cell" }, [link(base + data.paths.claim + r[col.id] + "/", r[col.title]), " ",
        el("span", { class: "cb-kind", text: label(r[col.kind]) })]));
      var sys = el("td", { class: "cb-col-systems", "data-label": "Weapon systems" });
      r[col.systems].forEach(function (n, i) {
        var rec = data.records.system[n];
        if (i) { sys.appendChild(document.createTextNode(", ")); }
        sys.appendChild(link(base + data.paths.system + rec[0] + "/", rec[1]));
      });
      tr.appendChild(sys);
      var place = el("td", { class: "cb-col-place", "data-label": "Place" });
      if (r[col.places].length) {
        var rec = data.records.place[r[col.places][0]];
        place.appendChild(link(base + data.paths.place + rec[0] + "/", rec[1]));
      }
      tr.appendChild(place);
      tr.appendChild(el("td", { class: "cb-col-status", "data-label": "Status" }, [el("span", {
        class: "cb-status cb-status--" + r[col.status], text: label(r[col.status]), title: STATUS_MEANS[r[col.status]] || "" })]));
      tr.appendChild(el("td", { class: "cb-col-conf", "data-label": "Confidence" },
        [confScale(r[col.reliability], r[col.credibility], methodology)]));
      tr.appendChild(el("td", { text: r[col.report], class: "cb-nowrap cb-col-report", "data-label": "Reported" }));
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

  /* ---------- search: Pagefind's index of the full text, results drawn here ---------- */

  var WORD = /[\p{L}\p{N}]+(?:[-'\u2019][\p{L}\p{N}]+)*/gu;
  function excerptNodes(html, marked, fold) {
    // Pagefind's excerpt is escaped text with <mark> around the words found; only those marks are kept.
    // With `marked` (folded words: a set), the other words of the query are marked where they occur as
    // they are (a claim found word by word comes with the excerpt of one of its words).
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var out = [];
    doc.body.firstChild.childNodes.forEach(function (n) {
      if (n.nodeType === 1 && n.tagName === "MARK") { out.push(el("mark", { text: n.textContent })); return; }
      var text = n.textContent, last = 0, m;
      if (marked) {
        WORD.lastIndex = 0;
        while ((m = WORD.exec(text)) !== null) {
          if (!marked[fold(m[0])]) { continue; }
          if (m.index > last) { out.push(document.createTextNode(text.slice(last, m.index))); }
          out.push(el("mark", { text: m[0] }));
          last = m.index + m[0].length;
        }
      }
      if (last < text.length) { out.push(document.createTextNode(text.slice(last))); }
    });
    return out;
  }

  function search() {
    var root = document.getElementById("cb-search");
    if (!root) { return; }
    var form = document.getElementById("cb-search-form");
    var input = document.getElementById("cb-q");
    var list = document.getElementById("cb-results");
    var others = document.getElementById("cb-record-results");
    var othersHeading = document.getElementById("cb-record-heading");
    var count = document.getElementById("cb-search-count");
    var base = new URL(root.getAttribute("data-base"), document.baseURI);
    var bundle = new URL(root.getAttribute("data-pagefind"), document.baseURI).href;
    var pagefind = null, seq = 0, timer = null;
    var common = Object.create(null);  // no inherited keys: a query word "constructor" is not common
    (root.getAttribute("data-common") || "").split(" ").forEach(function (w) { if (w) { common[w] = true; } });
    function fold(word) {  // as claimbase/site/search.py `fold`: lower case, no accents, no punctuation around
      return word.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");
    }
    var CLAIMS_SHOWN = 20, RECORDS_SHOWN = 8, FIRST_CLAIMS = 6, FIRST_RECORDS = 3;

    function rareWords(words) { return words.filter(function (w) { return !common[fold(w)]; }); }
    function href(url) { return new URL(url.replace(/^\//, ""), base).href; }
    function claimItem(d, marked) {
      var m = d.meta || {};
      var li = el("li", { class: "cb-result cb-result--claim" });
      var title = el("a", { href: href(d.url), class: "cb-result__title", text: m.title || d.url });
      var facts = el("p", { class: "cb-result__facts" });
      if (m.status) {
        facts.appendChild(el("span", { class: "cb-status cb-status--" + m.status.toLowerCase(), text: m.status }));
        facts.appendChild(document.createTextNode(" "));
      }
      if (m.grade) {
        facts.appendChild(el("span", { class: "cb-result__grade" }, [el("strong", { text: m.grade }),
          " " + (m.grade_words || "").replace(/^[A-F][1-6]: /, "")]));
      }
      if (m.date) { facts.appendChild(el("span", { class: "cb-result__date", text: " · Event: " + m.date })); }
      li.appendChild(title);
      li.appendChild(facts);
      li.appendChild(el("p", { class: "cb-result__excerpt" }, excerptNodes(d.excerpt || "", marked, fold)));
      return li;
    }
    function recordItem(d, marked) {
      var m = d.meta || {};
      return el("li", { class: "cb-result cb-result--record" }, [el("span", { class: "cb-kind", text: m.kind || "" }), " ",
        el("a", { href: href(d.url), text: m.title || d.url }), el("span", { class: "cb-result__excerpt cb-precision" },
          [" — "].concat(excerptNodes(d.excerpt || "", marked, fold)))]);
    }
    function show(query, claims, records, total, marked) {
      list.replaceChildren.apply(list, claims.map(function (d) { return claimItem(d, marked); }));
      others.replaceChildren.apply(others, records.map(function (d) { return recordItem(d, marked); }));
      othersHeading.hidden = records.length === 0;
      count.setAttribute("data-count", String(total));
      count.textContent = total === 0 ? "Nothing found for “" + query + "”. Try fewer words, or another spelling." :
        total + " result" + (total === 1 ? "" : "s") + " for “" + query + "”" +
        (total > claims.length + records.length ? ", the best " + (claims.length + records.length) + " shown." : ".");
    }
    function blend(all, each) {
      var byId = {};
      // Words that are nowhere in the index do not count; a claim must hold at least half of the others.
      var known = each.filter(function (found) { return found.results.length > 0; }).length;
      var needed = Math.max(1, Math.ceil(known / 2));
      all.forEach(function (r) { byId[r.id] = { r: r, words: each.length + 1, score: r.score * 2 }; });
      each.forEach(function (found) {
        var top = found.results.length ? found.results[0].score : 1;
        found.results.forEach(function (r) {
          var hit = byId[r.id] || (byId[r.id] = { r: r, words: 0, score: 0 });
          hit.words += 1;
          hit.score += r.score / top;  // each word counts alike, however common
        });
      });
      return Object.keys(byId).map(function (k) { return byId[k]; }).filter(function (h) {
        return h.words >= needed;
      }).sort(function (a, b) {
        return b.words - a.words || b.score - a.score;
      }).map(function (h) { return h.r; });
    }
    function loadPagefind() {
      if (!pagefind) {
        pagefind = import(bundle).then(function (pf) {
          return pf.options({ baseUrl: "/", excerptLength: 24 }).then(function () { return pf; });
        });
      }
      return pagefind;
    }
    function run(query) {
      var mine = ++seq;
      query = query.trim();
      count.removeAttribute("data-done");  // set to the query once its last results are drawn
      if (!query) {
        list.replaceChildren(); others.replaceChildren(); othersHeading.hidden = true;
        count.removeAttribute("data-count");
        count.textContent = "Type words from a claim, a headline, a name in any spelling or script.";
        return Promise.resolve();
      }
      var claimFilter = { filters: { claim: "yes" } };
      // Words that a fifth of the claims hold or more ("the", "reports", "Russia": data-common, made at
      // build time) tell claims apart least and cost Pagefind the most (its time grows with the pages
      // it finds): a query that has other words too is looked up without them.
      var all = query.split(/\s+/).filter(function (w) { return fold(w).length > 0; });
      var rare = rareWords(all);
      var asked = rare.length > 0 && rare.length < all.length ? rare.join(" ") : query;
      var askedWords = Object.create(null);
      asked.split(/\s+/).forEach(function (w) { if (fold(w).length > 1) { askedWords[fold(w)] = true; } });
      // Claims are drawn as soon as their excerpts arrive (the first few, then the others);
      // `data-done` is set to the query once the last results are drawn.
      function present(claims, records, more) {
        if (mine !== seq) { return Promise.resolve(null); }
        var total = claims.length + records.length;
        function page(from, to, recFrom, recTo) {
          return Promise.all([Promise.all(claims.slice(from, to).map(function (r) { return r.data(); })),
            Promise.all(records.slice(recFrom, recTo).map(function (r) { return r.data(); }))]);
        }
        var shownClaims = [], shownRecords = [];
        function draw(data) {
          if (mine !== seq) { return false; }
          shownClaims = shownClaims.concat(data[0]);
          shownRecords = shownRecords.concat(data[1]);
          // A withdrawn claim's page stays for its citations; it comes after the current ones.
          var current = shownClaims.filter(function (d) { return d.meta.status !== "Withdrawn"; });
          var gone = shownClaims.filter(function (d) { return d.meta.status === "Withdrawn"; });
          show(query, current.concat(gone), shownRecords, total, askedWords);
          return true;
        }
        return page(0, FIRST_CLAIMS, 0, FIRST_RECORDS).then(function (data) {
          if (draw(data) && (claims.length > FIRST_CLAIMS || records.length > FIRST_RECORDS)) {
            return page(FIRST_CLAIMS, CLAIMS_SHOWN, FIRST_RECORDS, RECORDS_SHOWN).then(draw);
          }
          return null;
        }).then(function () {
          if (mine === seq && !more) { count.setAttribute("data-done", query); }
        });
      }
      return loadPagefind().then(function (pf) {
        return Promise.all([pf.search(asked, claimFilter), pf.search(asked, { filters: { not: { claim: "yes" } } })])
          .then(function (found) {
            // Pagefind finds the pages that hold every word. A pasted headline has words the claim does
            // not use ("shoots down" for "shot down"): when few claims hold them all, each word is also
            // looked up alone, and a claim ranks by how many of the words it holds, then by score. The
            // claims that hold every word are drawn meanwhile: they stay first (see `blend`).
            var words = rare.filter(function (w) { return w.length > 1; });
            if (mine !== seq || words.length < 2 || words.length > 12 || found[0].results.length >= 10) {
              return present(found[0].results, found[1].results, false);
            }
            // (The words are looked up once those are drawn: Pagefind answers one request at a time.)
            var first = found[0].results.length ? present(found[0].results, found[1].results, true) : Promise.resolve();
            return first.then(function () {
              if (mine !== seq) { return null; }
              return Promise.all(words.map(function (w) { return pf.search(w, claimFilter); })).then(function (each) {
                return present(blend(found[0].results, each), found[1].results, false);
              });
            });
          });
      }).catch(function (err) {
        count.textContent = "The search index could not be loaded (" + err.message + ").";
      });
    }
    // What to fetch the index chunks of while a query is typed: the words the search will look up (as
    // `run` does: without the common words when there are others), each word once it is complete or
    // three characters long (the chunks of a shorter prefix can be much of the index).
    var preloaded = "";
    function preloadTerm(text) {
      var words = text.split(/\s+/), done = /\s$/.test(text);
      words = words.filter(function (w, i) {
        return fold(w).length > 0 && (done || i < words.length - 1 || w.length >= 3);
      });
      var rare = rareWords(words);
      return (rare.length ? rare : words).join(" ");
    }
    function fromUrl() { return new URLSearchParams(window.location.search).get("q") || ""; }
    function keepInUrl() {
      history.replaceState(null, "", window.location.pathname + (input.value ? "?q=" + encodeURIComponent(input.value) : ""));
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      // Fetch the index chunks of the words typed so far at once; search when the typing pauses.
      var typed = preloadTerm(input.value);
      if (typed && typed !== preloaded) {
        preloaded = typed;
        loadPagefind().then(function (pf) { return pf.preload(typed); }).catch(function () {});
      }
      timer = setTimeout(function () { keepInUrl(); run(input.value); }, 60);
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      clearTimeout(timer);
      keepInUrl();
      run(input.value);
    });
    var header = document.getElementById("cb-header-q");
    if (!input.value) { input.value = fromUrl(); }
    if (header && !header.value) { header.value = input.value; }
    count.textContent = "Type words from a claim, a headline, a name in any spelling or script.";
    // Pagefind's WebAssembly, the index's entry files and its filter are loaded as the page opens,
    // not at the first query.
    if (input.value) { run(input.value); } else {
      loadPagefind().then(function (pf) { return pf.init().then(function () { return pf.filters(); }); })
        .catch(function () {});
    }
  }

  function start() { citeBox(); claimsIndex(); search(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

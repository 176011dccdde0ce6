// Tessera UI script: live fragments over Server-Sent Events, presence pings,
// keyboard shortcuts and small conveniences. No framework; pages work without it.
// Data comes from data- attributes (the Content-Security-Policy forbids inline
// scripts), and everything inserted into the page is HTML the server rendered
// and escaped.
(function () {
  "use strict";
  var body = document.body;
  var page = body.dataset.page || "";
  var ticketId = body.dataset.ticketId || "";
  var csrf = body.dataset.csrf || "";

  // ----- live fragments ---------------------------------------------------------
  var pending = {};

  function held(el) {
    if (!el.hasAttribute("data-live-hold")) return false;
    return el.dataset.dirty === "1" || !!el.querySelector("input[type=checkbox][name=id]:checked");
  }

  function refresh(el) {
    if (held(el)) {
      var note = document.querySelector("[data-live-note]");
      if (note) note.hidden = false;
      return;
    }
    var src = el.dataset.liveSrc || location.href;
    fetch(src, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var sel = el.dataset.liveSelect;
        var next = sel ? doc.querySelector(sel) : doc.body.firstElementChild;
        if (!next || !el.isConnected) return;
        var fresh = document.importNode(next, true);
        el.replaceWith(fresh);
        fresh.dispatchEvent(new CustomEvent("tessera:refreshed", { bubbles: true }));
      })
      .catch(function () { /* the next event or a reload brings it back */ });
  }

  function refreshAll(kind) {
    var els = document.querySelectorAll(kind ? '[data-live-on="' + kind + '"]' : "[data-live-on]");
    els.forEach(function (el) {
      var key = el.id || el.dataset.liveSrc;
      // Bursts of changes (bulk actions) become one request per fragment.
      clearTimeout(pending[key]);
      pending[key] = setTimeout(function () {
        var current = el.id ? document.getElementById(el.id) : el;
        if (current) refresh(current);
      }, 150);
    });
  }

  var typingTimer = null;
  function connect() {
    if (!page || !window.EventSource) return;
    var url = "/ui/events" + (ticketId ? "?ticket=" + encodeURIComponent(ticketId) : "");
    var source = new EventSource(url);
    source.addEventListener("ticket", function (e) {
      var data = {};
      try { data = JSON.parse(e.data); } catch (_) { return; }
      refreshAll("tickets");
      if (ticketId && String(data.ticket) === ticketId) refreshAll("ticket");
    });
    source.addEventListener("presence", function () {
      refreshAll("presence");
      // Typing marks expire on the server; look again once they have.
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { refreshAll("presence"); }, 7000);
    });
    source.addEventListener("resync", function () { refreshAll(null); });
    body.dataset.live = "connecting";
    source.addEventListener("hello", function () { body.dataset.live = "on"; });
    source.onerror = function () { body.dataset.live = "off"; };
  }
  connect();

  // ----- SLA countdowns and the notification bell --------------------------------
  // Each <time data-countdown datetime=…> reads "in 1 h 20 min" / "overdue by
  // 5 min". The words come from the nearest data-w-* holder (the server renders
  // them translated, with {} where the number goes); the first text rendered
  // by the server is already correct, this only keeps it current.
  function wordsFor(el) {
    return (el.closest && el.closest("[data-w-in]")) || document.querySelector("[data-w-in]");
  }
  function fill(pattern, value) { return String(pattern || "").replace("{}", value); }
  function duration(w, seconds) {
    var minutes = Math.max(1, Math.floor(Math.abs(seconds) / 60));
    var d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
    var ds = w.dataset;
    if (d > 0) return fill(ds.wD, d) + (h > 0 ? " " + fill(ds.wH, h) : "");
    if (h > 0) return fill(ds.wH, h) + (m > 0 ? " " + fill(ds.wM, m) : "");
    return fill(ds.wM, m);
  }
  function tickCountdowns() {
    var now = Date.now();
    document.querySelectorAll("time[data-countdown]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("datetime"));
      var w = wordsFor(el);
      if (isNaN(due) || !w) return;
      var seconds = Math.round((due - now) / 1000);
      var text = duration(w, seconds);
      el.textContent = seconds >= 0 ? fill(w.dataset.wIn, text) : fill(w.dataset.wOver, text);
    });
  }
  setInterval(tickCountdowns, 30000);
  document.addEventListener("tessera:refreshed", tickCountdowns);

  // Pages that did not count the unread notifications let the bell fetch itself.
  var bell = document.querySelector("[data-bell-lazy]");
  if (bell) refresh(bell);

  // Edits in a held fragment (the fields panel) pause its live refresh.
  document.addEventListener("input", function (e) {
    var hold = e.target.closest && e.target.closest("[data-live-hold]");
    if (hold && e.target.name !== "id") hold.dataset.dirty = "1";
  });

  // ----- typing presence -------------------------------------------------------------
  var lastPing = 0;
  document.addEventListener("input", function (e) {
    if (!ticketId || !e.target.matches || !e.target.matches("[data-typing]")) return;
    var now = Date.now();
    if (now - lastPing < 3000) return;
    lastPing = now;
    fetch("/ui/typing/" + encodeURIComponent(ticketId), {
      method: "POST",
      credentials: "same-origin",
      headers: { "X-CSRF-Token": csrf }
    }).catch(function () {});
  });

  // ----- lists: select all, row click, bulk ----------------------------------------
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (t.matches && t.matches("[data-check-all]")) {
      var form = t.closest("form");
      form.querySelectorAll("input[type=checkbox][name=id]").forEach(function (c) { c.checked = t.checked; });
    }
  });
  document.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest("tr[data-href]");
    if (!row || e.target.closest("a, input, button, label, select")) return;
    location.href = row.dataset.href;
  });

  // ----- navigation and help ----------------------------------------------------------
  document.addEventListener("click", function (e) {
    var toggle = e.target.closest && e.target.closest("[data-nav-toggle]");
    if (toggle) {
      var open = body.classList.toggle("nav-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    }
    if (e.target.closest && e.target.closest("[data-help-open]")) openHelp();
  });

  function openHelp() {
    var d = document.getElementById("help");
    if (d && !d.open) d.showModal();
  }

  // ----- keyboard shortcuts --------------------------------------------------------------
  var cursor = -1;
  function rows() { return Array.prototype.slice.call(document.querySelectorAll("tr[data-row]")); }

  // The last list seen, so j/k on a ticket page step through it.
  if (page === "list") {
    try {
      sessionStorage.setItem("tessera:list", JSON.stringify(rows().map(function (r) { return r.dataset.href; })));
    } catch (_) { /* storage may be disabled */ }
  }
  function stepTicket(step) {
    var list = [];
    try { list = JSON.parse(sessionStorage.getItem("tessera:list") || "[]"); } catch (_) { return; }
    var i = list.indexOf(location.pathname);
    if (i >= 0 && list[i + step]) location.href = list[i + step];
  }

  function move(step) {
    if (page === "ticket") { stepTicket(step); return; }
    var all = rows();
    if (!all.length) return;
    cursor = Math.max(0, Math.min(all.length - 1, cursor + step));
    all.forEach(function (r, i) { r.classList.toggle("is-cursor", i === cursor); });
    var link = all[cursor].querySelector("a");
    if (link) link.focus();
  }
  function compose(mode) {
    var radio = document.querySelector('#composer input[name=mode][value="' + mode + '"]');
    if (radio) radio.checked = true;
    var area = document.getElementById("body");
    if (area) area.focus();
  }
  function submit(id) {
    var f = document.getElementById(id);
    if (f) f.submit();
  }

  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t.closest && t.closest("input, textarea, select, [contenteditable]")) {
      if (e.key === "Escape") t.blur();
      return;
    }
    if (!body.classList.contains("staff")) return;
    var handled = true;
    switch (e.key) {
      case "j": move(1); break;
      case "k": move(-1); break;
      case "r": compose("reply"); break;
      case "n": compose("note"); break;
      case "a": submit("quick-assign"); break;
      case "s": submit("quick-solve"); break;
      case "/": var q = document.getElementById("q"); if (q) q.focus(); break;
      case "?": openHelp(); break;
      default: handled = false;
    }
    if (handled) e.preventDefault();
  });
})();

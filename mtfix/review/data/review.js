// mtfix review page. Article text is untrusted: every element is built with
// textContent from the embedded JSON, never with innerHTML.
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("mtfix-data").textContent);
  const ACCEPT = "accept";
  const REJECT = "reject";
  const EDIT_FIELDS = ["start", "end", "before", "after", "stage", "rule", "reason", "confidence", "status"];

  // ---- model ---------------------------------------------------------------
  const docs = DATA.documents.map(function (doc, d) {
    // Offsets are Python code points: index an array of code points, not the UTF-16 string.
    const cps = Array.from(doc.original);
    const edits = doc.edits.map(function (e, i) {
      return Object.assign({}, e, { doc: d, index: i, actionable: e.before !== e.after });
    });
    const rowOf = new Array(edits.length);
    doc.rows.forEach(function (row, r) {
      row.edits.forEach(function (i) { rowOf[i] = r; });
    });
    return {
      data: doc,
      number: d,
      cps: cps,
      edits: edits,
      decisions: edits.map(defaultDecision),
      rowOf: rowOf,
      rowEls: [],
    };
  });

  function defaultDecision(e) {
    return e.status === "applied" ? ACCEPT : REJECT;
  }

  function isAccepted(doc, e) {
    return e.actionable && doc.decisions[e.index] === ACCEPT;
  }

  // Two edits that cannot both apply (the same rule as mtfix/review/decisions.py).
  function conflicts(a, b) {
    const aPoint = a.start === a.end;
    const bPoint = b.start === b.end;
    if (aPoint && bPoint) return a.start === b.start;
    if (aPoint) return b.start < a.start && a.start < b.end;
    if (bPoint) return a.start < b.start && b.start < a.end;
    return a.start < b.end && b.start < a.end;
  }

  function byPosition(a, b) {
    return a.start - b.start || a.end - b.end || a.index - b.index;
  }

  // The final text: accepted edits applied to the original by offset (apply_decisions).
  function finalText(doc) {
    const accepted = doc.edits.filter(function (e) { return isAccepted(doc, e); }).sort(byPosition);
    const out = [];
    let pos = 0;
    let prev = null;
    accepted.forEach(function (e) {
      if (prev && conflicts(prev, e)) throw new Error("accepted edits overlap: " + prev.rule + ", " + e.rule);
      out.push(doc.cps.slice(pos, e.start).join(""), e.after);
      pos = e.end;
      prev = e;
    });
    out.push(doc.cps.slice(pos).join(""));
    return out.join("");
  }

  function decisionsOf(doc) {
    return {
      format: DATA.decisions_format,
      version: DATA.decisions_version,
      name: doc.data.name,
      signature: doc.data.signature,
      original_sha256: doc.data.original_sha256,
      edits_sha256: doc.data.edits_sha256,
      decisions: doc.edits.map(function (e) {
        return { edit: e.index, rule: e.rule, start: e.start, end: e.end, decision: doc.decisions[e.index] };
      }),
      original: doc.data.original,
      edits: doc.edits.map(function (e) {
        const out = {};
        EDIT_FIELDS.forEach(function (k) { out[k] = e[k]; });
        return out;
      }),
    };
  }

  function decisionsJSON() {
    const body = docs.length === 1
      ? decisionsOf(docs[0])
      : { format: DATA.decisions_format, version: DATA.decisions_version, documents: docs.map(decisionsOf) };
    return JSON.stringify(body, null, 2) + "\n";
  }

  // Set one decision. Accepting an edit rejects the accepted edits it overlaps,
  // unless `bulk`, where a clashing edit is left as it is. Returns changed edits.
  function decide(doc, e, value, bulk) {
    if (value === ACCEPT && !e.actionable) return [];
    if (doc.decisions[e.index] === value) return [];
    const changed = [e];
    if (value === ACCEPT) {
      const clashing = doc.edits.filter(function (o) {
        return o !== e && isAccepted(doc, o) && conflicts(o, e);
      });
      if (clashing.length && bulk) return [];
      clashing.forEach(function (o) {
        doc.decisions[o.index] = REJECT;
        changed.push(o);
      });
      if (clashing.length) {
        notice("Rejected " + clashing.map(function (o) { return o.rule; }).join(", ") + ": it overlaps the accepted edit.");
      }
    }
    doc.decisions[e.index] = value;
    return changed;
  }

  // ---- DOM helpers ---------------------------------------------------------
  // Bidirectional controls are shown as marks (e.g. U+202E as "\u27e8RLO\u27e9"): text on
  // the page never displays in an order other than the one it has.
  const MARKS = DATA.control_marks || {};
  const MARKED = new RegExp("[" + Object.keys(MARKS).join("") + "]", "g");
  function marked(s) {
    return Object.keys(MARKS).length ? String(s).replace(MARKED, function (c) { return MARKS[c]; }) : s;
  }

  function h(tag, props, children) {
    const el = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        if (k === "text") el.textContent = marked(props[k]);
        else if (k === "cls") el.className = props[k];
        else if (k === "data") Object.assign(el.dataset, props[k]);
        else el[k] = props[k];
      });
    }
    (children || []).forEach(function (c) {
      if (c !== null && c !== undefined) el.append(typeof c === "string" ? marked(c) : c);
    });
    return el;
  }

  function visible(s) {
    if (s === "") return "(nothing)";
    return s.replace(/ /g, "\u2423").replace(/\t/g, "\u21e5").replace(/\n/g, "\u23ce");
  }

  function pct(x) {
    return (Math.round(x * 100) / 100).toFixed(2);
  }

  let noticeTimer = null;
  function notice(message) {
    const el = document.getElementById("notice");
    el.textContent = message;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(function () { el.textContent = ""; }, 6000);
  }

  // ---- rendering -----------------------------------------------------------
  const editEls = new Map(); // "doc:index" -> elements showing that edit
  const elEdits = new WeakMap(); // element -> edits it shows
  let current = null; // the selected edit

  function key(e) {
    return e.doc + ":" + e.index;
  }

  function tooltip(e) {
    const change = e.before === e.after ? "" : "\n" + visible(e.before) + " \u2192 " + visible(e.after);
    return marked(e.rule + " (" + (e.status === "applied" ? "fix" : "flag") + ", confidence " + pct(e.confidence) + ")\n" +
      e.reason + change);
  }

  function stageLabel(e) {
    if (e.stage !== "retranslate") return " \u00b7 stage " + e.stage;
    return e.status === "applied" ? " \u00b7 re-translated sentence" : " \u00b7 flagged: low confidence";
  }

  function editClasses(doc, e) {
    const cls = ["ed", e.status === "applied" ? "fix" : "flagged"];
    cls.push(isAccepted(doc, e) ? "acc" : "rej");
    if (!e.actionable) cls.push("note");
    if (e.stage === "retranslate") cls.push("rt");
    if (current === e) cls.push("current");
    return cls;
  }

  function register(el, doc, shown) {
    el.tabIndex = -1;
    elEdits.set(el, shown);
    shown.forEach(function (e) {
      const k = key(e);
      if (!editEls.has(k)) editEls.set(k, []);
      editEls.get(k).push(el);
    });
    el.title = shown.map(tooltip).join("\n\n");
    return el;
  }

  // Original text [from, to) with `edits` (all inside) marked: the stretch is cut at
  // every edit boundary so that overlapping edits still show.
  function renderOriginal(doc, from, to, edits, side, done) {
    const frag = document.createDocumentFragment();
    const points = new Set([from, to]);
    edits.forEach(function (e) { points.add(e.start); points.add(e.end); });
    const sorted = Array.from(points).sort(function (a, b) { return a - b; });
    function insertionsAt(p) {
      edits.forEach(function (e) {
        if (e.start === e.end && e.start === p && !done.has(e)) {
          done.add(e);
          const cls = editClasses(doc, e).concat(["point", side === "mt" ? "ins-point" : "gap-point"]);
          frag.append(register(h("span", { cls: cls.join(" ") }), doc, [e]));
        }
      });
    }
    for (let k = 0; k < sorted.length - 1; k++) {
      const x = sorted[k];
      const y = sorted[k + 1];
      insertionsAt(x);
      const text = doc.cps.slice(x, y).join("");
      const covering = edits.filter(function (e) { return e.start < e.end && e.start <= x && e.end >= y; });
      if (!covering.length) {
        frag.append(marked(text));
        continue;
      }
      covering.forEach(function (e) { done.add(e); });
      const primary = covering.find(function (e) { return isAccepted(doc, e); }) || covering[0];
      const cls = editClasses(doc, primary).concat(side === "mt" ? ["old"] : []);
      if (covering.length > 1) cls.push("multi");
      frag.append(register(h("span", { cls: cls.join(" "), text: text }), doc, covering));
    }
    insertionsAt(to);
    return frag;
  }

  function renderRepaired(doc, row, rowEdits) {
    const frag = document.createDocumentFragment();
    const accepted = rowEdits.filter(function (e) { return isAccepted(doc, e); });
    const others = rowEdits.filter(function (e) { return !isAccepted(doc, e); });
    const done = new Set();
    let pos = row.start;
    function gap(to) {
      const inside = others.filter(function (o) { return o.start >= pos && o.end <= to; });
      frag.append(renderOriginal(doc, pos, to, inside, "fix", done));
    }
    accepted.forEach(function (e) {
      gap(e.start);
      const cls = editClasses(doc, e).concat(["new"]);
      if (e.after === "") cls.push("point", "del-point");
      frag.append(register(h("span", { cls: cls.join(" "), text: e.after }), doc, [e]));
      pos = e.end;
    });
    gap(row.end);
    return frag;
  }

  function forgetRow(doc, row) {
    row.edits.forEach(function (i) { editEls.delete(doc.number + ":" + i); });
  }

  function renderRow(doc, r) {
    const row = doc.data.rows[r];
    const rowEdits = row.edits.map(function (i) { return doc.edits[i]; });
    const cls = ["row"];
    if (rowEdits.length) cls.push("changed");
    if (row.low) cls.push("low");
    if (row.retranslated) cls.push("retranslated");
    const badges = [];
    if (row.confidence !== null && row.confidence !== undefined) {
      badges.push(h("span", { cls: "badge" + (row.low ? " badge-low" : ""), text: (row.low ? "low confidence " : "confidence ") + pct(row.confidence) }));
    }
    if (row.retranslated) {
      badges.push(h("span", {
        cls: "badge badge-rt",
        text: "re-translated" + (row.origin ? " \u00b7 " + row.origin : ""),
        title: row.origin ? "sentence taken from " + row.origin : "re-translated sentence",
      }));
    }
    const cells = [];
    if (doc.data.has_source) {
      cells.push(h("div", { cls: "cell src", lang: "zh" }, [row.source === null ? h("span", { cls: "none", text: "(no source sentence)" }) : row.source]));
    }
    if (row.start === null) {
      cells.push(h("div", { cls: "cell mt" }, [h("span", { cls: "none", text: "(not translated)" })]));
      cells.push(h("div", { cls: "cell fix" }));
    } else {
      forgetRow(doc, row);
      cells.push(h("div", { cls: "cell mt" }, [h("div", { cls: "badges" }, badges), renderOriginal(doc, row.start, row.end, rowEdits, "mt", new Set())]));
      cells.push(h("div", { cls: "cell fix" }, [renderRepaired(doc, row, rowEdits)]));
    }
    return h("div", { cls: cls.join(" "), data: { row: String(r) } }, cells);
  }

  function rerenderEdits(changed) {
    const seen = new Set();
    changed.forEach(function (e) {
      const doc = docs[e.doc];
      const r = doc.rowOf[e.index];
      const k = e.doc + ":" + r;
      if (r === undefined || seen.has(k)) return;
      seen.add(k);
      const fresh = renderRow(doc, r);
      doc.rowEls[r].replaceWith(fresh);
      doc.rowEls[r] = fresh;
    });
    refreshStatus();
  }

  function download(filename, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    const a = h("a", { href: url, download: filename });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function copy(text, what) {
    function fallback() {
      const area = h("textarea", { value: text, readOnly: true, cls: "copy-area" });
      document.body.append(area);
      area.select();
      const ok = document.execCommand("copy");
      area.remove();
      notice(ok ? "Copied " + what + "." : "Could not copy " + what + "; use the download button.");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { notice("Copied " + what + "."); }, fallback);
    } else {
      fallback();
    }
  }

  function stem(name) {
    const base = (name || "document").split(/[\\/]/).pop().replace(/\.[^.]*$/, "");
    return base.replace(/[^A-Za-z0-9._-]+/g, "_") || "document";
  }

  function renderDoc(doc) {
    const data = doc.data;
    const title = data.name || (docs.length > 1 ? "Document " + (doc.number + 1) : "Document");
    const head = h("div", { cls: "doc-head" }, [
      h("h2", { text: title }),
      h("span", { cls: "meta", text: data.signature }),
      h("span", { cls: "doc-status" }),
      h("span", { cls: "buttons" }, [
        h("button", { type: "button", text: "Download text", onclick: function () {
          download(stem(data.name) + ".reviewed.txt", finalText(doc), "text/plain;charset=utf-8");
        } }),
        h("button", { type: "button", text: "Copy text", onclick: function () { copy(finalText(doc), "the text"); } }),
      ]),
    ]);
    const parts = [head];
    if (data.warnings.length) {
      parts.push(h("ul", { cls: "warnings" }, data.warnings.map(function (w) { return h("li", { text: w }); })));
    }
    if (data.source_text !== null && data.source_text !== undefined) {
      parts.push(h("details", { cls: "source-text" }, [
        h("summary", { text: "Source (not aligned to the translation)" }),
        h("div", { lang: "zh", text: data.source_text }),
      ]));
    }
    const columns = data.has_source ? ["Source", "Machine translation", "Repaired"] : ["Machine translation", "Repaired"];
    const grid = h("div", { cls: "rows" + (data.has_source ? " with-source" : "") }, [
      h("div", { cls: "row head" }, columns.map(function (c) { return h("div", { cls: "cell", text: c }); })),
    ]);
    doc.rowEls = data.rows.map(function (_, r) { return renderRow(doc, r); });
    doc.rowEls.forEach(function (el) { grid.append(el); });
    parts.push(grid);
    return h("section", { cls: "doc", data: { doc: String(doc.number) } }, parts);
  }

  // ---- status, rules and details ---------------------------------------------
  function counts(list) {
    let acc = 0;
    let act = 0;
    list.forEach(function (e) {
      if (!e.actionable) return;
      act += 1;
      if (isAccepted(docs[e.doc], e)) acc += 1;
    });
    return { accepted: acc, actionable: act };
  }

  const rulesBody = document.querySelector("#rules tbody");
  const ruleCells = new Map();

  function allEdits() {
    return docs.flatMap(function (doc) { return doc.edits; });
  }

  function editsOfRule(rule) {
    return allEdits().filter(function (e) { return e.rule === rule; });
  }

  function bulk(list, value) {
    // Fixes first, so that a suggestion never displaces a fix in a bulk accept.
    const ordered = list.slice().sort(function (a, b) {
      return (a.status === "applied" ? 0 : 1) - (b.status === "applied" ? 0 : 1) || a.doc - b.doc || byPosition(a, b);
    });
    const changed = [];
    ordered.forEach(function (e) {
      const v = typeof value === "function" ? value(e) : value;
      changed.push.apply(changed, decide(docs[e.doc], e, v, true));
    });
    rerenderEdits(changed);
    refreshDetail();
    return changed.length;
  }

  function buildRules() {
    const rules = Array.from(new Set(allEdits().map(function (e) { return e.rule; }))).sort();
    rules.forEach(function (rule) {
      const list = editsOfRule(rule);
      const fixes = list.filter(function (e) { return e.status === "applied"; }).length;
      const status = h("td", { cls: "num" });
      ruleCells.set(rule, status);
      const flags = list.length - fixes;
      const count = [fixes ? fixes + " fix" + (fixes === 1 ? "" : "es") : "", flags ? flags + " flag" + (flags === 1 ? "" : "s") : ""]
        .filter(Boolean).join(", ");
      // Let long rule ids break after their dots.
      const name = [];
      rule.split(".").forEach(function (part, k, all) {
        name.push(part + (k < all.length - 1 ? "." : ""));
        if (k < all.length - 1) name.push(h("wbr"));
      });
      rulesBody.append(h("tr", null, [
        h("th", { scope: "row" }, name.concat([h("span", { cls: "count", text: count })])),
        status,
        h("td", { cls: "actions" }, [
          h("button", { type: "button", text: "Accept", title: "Accept all of " + rule, data: { rule: rule, decision: ACCEPT }, onclick: function () { bulk(editsOfRule(rule), ACCEPT); } }),
          h("button", { type: "button", text: "Reject", title: "Reject all of " + rule, data: { rule: rule, decision: REJECT }, onclick: function () { bulk(editsOfRule(rule), REJECT); } }),
        ]),
      ]));
    });
    if (!rules.length) rulesBody.append(h("tr", null, [h("td", { colSpan: 3, text: "No edits." })]));
  }

  function refreshStatus() {
    const all = allEdits();
    const c = counts(all);
    const flags = all.filter(function (e) { return !e.actionable; }).length;
    document.getElementById("summary").textContent =
      c.accepted + " of " + c.actionable + " changes accepted" + (flags ? ", " + flags + " flag" + (flags === 1 ? "" : "s") + " without suggestion" : "") +
      " \u00b7 " + docs.length + " document" + (docs.length === 1 ? "" : "s");
    ruleCells.forEach(function (cell, rule) {
      const rc = counts(editsOfRule(rule));
      cell.textContent = rc.accepted + "/" + rc.actionable;
    });
    docs.forEach(function (doc) {
      const dc = counts(doc.edits);
      const el = document.querySelector('section.doc[data-doc="' + doc.number + '"] .doc-status');
      if (el) el.textContent = dc.accepted + "/" + dc.actionable + " accepted";
    });
  }

  const detail = document.getElementById("detail");

  function refreshDetail() {
    if (!current) return;
    const e = current;
    const doc = docs[e.doc];
    const accepted = isAccepted(doc, e);
    const status = e.status === "applied"
      ? "mtfix applied this fix"
      : e.actionable ? "mtfix flagged this and suggests a change" : "mtfix flagged this (no suggestion)";
    const position = order.indexOf(e) + 1;
    const rows = [
      h("h2", { text: "Edit " + position + " of " + order.length }),
      h("p", { cls: "rule-line" }, [h("code", { text: e.rule }), stageLabel(e)]),
      h("p", { cls: "reason", text: e.reason }),
      e.data && e.data.origin ? h("p", { cls: "origin", text: "translation from " + e.data.origin }) : null,
      h("div", { cls: "conf" }, [
        "confidence " + pct(e.confidence) + " ",
        h("meter", { min: 0, max: 1, low: 0.5, high: 0.8, optimum: 1, value: e.confidence }),
      ]),
      h("p", { cls: "status", text: status + "." }),
      e.before === e.after
        // A flag with no suggestion: the text once, as it reads.
        ? h("div", { cls: "change" }, [h("div", { cls: "label", text: "text" }), h("p", { cls: "flagged-text", text: e.before })])
        : h("div", { cls: "change" }, [
          h("div", { cls: "label", text: "before" }), h("code", { cls: "before", text: visible(e.before) }),
          h("div", { cls: "label", text: "after" }), h("code", { cls: "after", text: visible(e.after) }),
        ]),
    ];
    if (e.parts && e.parts.length) rows.push(h("p", { cls: "hint", text: "Merged from: " + e.parts.join(", ") }));
    if (e.data && Object.keys(e.data).length) {
      rows.push(h("details", null, [h("summary", { text: "Data" }), h("pre", { text: JSON.stringify(e.data, null, 1) })]));
    }
    rows.push(h("div", { cls: "buttons decide" }, [
      h("button", { type: "button", id: "accept-current", cls: accepted ? "on" : "", disabled: !e.actionable, text: "Accept (a)", onclick: function () { decideCurrent(ACCEPT); } }),
      h("button", { type: "button", id: "reject-current", cls: accepted ? "" : "on", text: "Reject (r)", onclick: function () { decideCurrent(REJECT); } }),
    ]));
    rows.push(h("p", { cls: "decision", text: accepted ? "Decision: accepted" : "Decision: rejected" }));
    detail.replaceChildren.apply(detail, rows);
  }

  // ---- navigation and keys -------------------------------------------------
  const order = docs.flatMap(function (doc) { return doc.edits.slice().sort(byPosition); });

  function select(e, focus) {
    const old = current;
    current = e;
    [old, e].forEach(function (x) {
      if (!x) return;
      (editEls.get(key(x)) || []).forEach(function (el) { el.classList.toggle("current", x === current); });
    });
    const els = editEls.get(key(e)) || [];
    if (els.length && focus) {
      const row = els[0].closest(".row");
      if (row && row.offsetParent === null) {
        document.getElementById("only-changed").checked = false;
        applyFilter();
      }
      els[0].focus({ preventScroll: true });
      els[0].scrollIntoView({ block: "center", behavior: "auto" });
    }
    refreshDetail();
  }

  function step(delta) {
    if (!order.length) return;
    let i = current ? order.indexOf(current) + delta : delta > 0 ? 0 : order.length - 1;
    i = Math.max(0, Math.min(order.length - 1, i));
    select(order[i], true);
  }

  function decideCurrent(value) {
    if (!current) {
      step(1);
      return;
    }
    const e = current;
    if (value === ACCEPT && !e.actionable) {
      notice("This flag has no suggestion to accept.");
      return;
    }
    rerenderEdits(decide(docs[e.doc], e, value, false));
    select(e, true);
  }

  function applyFilter() {
    document.getElementById("docs").classList.toggle("only-changed", document.getElementById("only-changed").checked);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const t = ev.target;
    if (t && (t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable ||
      (t.tagName === "INPUT" && t.type !== "checkbox"))) return;
    switch (ev.key) {
      case "j": case "n": step(1); break;
      case "k": case "p": step(-1); break;
      case "a": decideCurrent(ACCEPT); break;
      case "r": decideCurrent(REJECT); break;
      case "Enter":
        if (!current || !t || !t.classList || !t.classList.contains("ed")) return;
        decideCurrent(isAccepted(docs[current.doc], current) ? REJECT : ACCEPT);
        break;
      default: return;
    }
    ev.preventDefault();
  });

  document.getElementById("docs").addEventListener("click", function (ev) {
    const el = ev.target.closest ? ev.target.closest(".ed") : null;
    const shown = el ? elEdits.get(el) : null;
    if (!shown || !shown.length) return;
    // Clicking a stretch that several edits cover cycles through them.
    const at = shown.indexOf(current);
    select(shown[(at + 1) % shown.length], true);
  });

  // ---- start ---------------------------------------------------------------
  // Sticky parts sit below the header, whose height depends on the window's width.
  function measureHeader() {
    const height = document.querySelector(".top").offsetHeight;
    document.documentElement.style.setProperty("--head", height + "px");
  }
  window.addEventListener("resize", measureHeader);
  measureHeader();

  const main = document.getElementById("docs");
  docs.forEach(function (doc) { main.append(renderDoc(doc)); });
  buildRules();
  refreshStatus();

  document.getElementById("accept-all").addEventListener("click", function () {
    bulk(allEdits().filter(function (e) { return e.status === "applied"; }), ACCEPT);
  });
  document.getElementById("reject-all").addEventListener("click", function () { bulk(allEdits(), REJECT); });
  document.getElementById("reset-all").addEventListener("click", function () {
    // Reject first so that restoring a fix never clashes with an accepted suggestion.
    bulk(allEdits().filter(function (e) { return defaultDecision(e) === REJECT; }), REJECT);
    bulk(allEdits(), defaultDecision);
  });
  document.getElementById("only-changed").addEventListener("change", applyFilter);
  document.getElementById("next-edit").addEventListener("click", function () { step(1); });
  document.getElementById("prev-edit").addEventListener("click", function () { step(-1); });
  document.getElementById("download-decisions").addEventListener("click", function () {
    const name = docs.length === 1 ? stem(docs[0].data.name) : "mtfix-review";
    download(name + ".decisions.json", decisionsJSON(), "application/json");
  });
  document.getElementById("copy-decisions").addEventListener("click", function () { copy(decisionsJSON(), "the decisions"); });

  // For scripts and tests driving the page.
  window.mtfixReview = Object.freeze({
    finalText: function (d) { return finalText(docs[d || 0]); },
    decisionsJSON: decisionsJSON,
  });
})();

// Just enough DOM for review.js, run by test_bidi.py in Node: elements keep their
// children and text; prints the visible text of #docs, the tooltips and the final text.
const fs = require("fs");
const data = fs.readFileSync(0, "utf8");
function El(tag) {
  this.tagName = tag.toUpperCase(); this.children = []; this.dataset = {}; this.style = { setProperty() {} };
  this._text = ""; this.title = ""; this.offsetHeight = 10; this.offsetParent = {};
  const cls = new Set();
  this.classList = { add: (...c) => c.forEach((x) => cls.add(x)), remove: (c) => cls.delete(c),
    toggle: (c, on) => (on === undefined ? (cls.has(c) ? cls.delete(c) : cls.add(c)) : on ? cls.add(c) : cls.delete(c)),
    contains: (c) => cls.has(c) };
}
El.prototype.append = function (...cs) { cs.forEach((c) => { if (c instanceof Frag) this.children.push(...c.children); else this.children.push(c); }); };
El.prototype.replaceChildren = function (...cs) { this.children = []; this.append(...cs); };
El.prototype.addEventListener = function () {};
El.prototype.closest = function () { return null; };
El.prototype.focus = function () {}; El.prototype.scrollIntoView = function () {};
Object.defineProperty(El.prototype, "textContent", {
  get() { return this._text + this.children.map((c) => (typeof c === "string" ? c : c.textContent)).join(""); },
  set(v) { this._text = String(v); this.children = []; },
});
function Frag() { El.call(this, "#fragment"); }
Frag.prototype = Object.create(El.prototype);
const byId = {};
global.document = {
  createElement: (t) => new El(t), createDocumentFragment: () => new Frag(),
  getElementById: (id) => byId[id] || (byId[id] = Object.assign(new El("div"), id === "mtfix-data" ? { _text: data } : {})),
  querySelector: () => new El("div"), addEventListener() {}, documentElement: new El("html"),
};
global.window = { addEventListener() {} };
global.navigator = {};
require(process.argv[2]);
function titles(el) { return typeof el === "string" ? [] : [el.title, ...el.children.flatMap(titles)]; }
process.stdout.write(JSON.stringify({
  text: byId["docs"].textContent, titles: titles(byId["docs"]).join("\n"),
  final: window.mtfixReview.finalText(0),
}));

/* Shared helpers of the live workshop pages (participant, console, projector).
 *
 * Plain ES2020, no build step, no libraries besides the Socket.IO client the app serves.
 * Everything lives under window.Live. Texts come from the page's i18n JSON block (Flask-Babel);
 * participant-typed text is only ever set with textContent, never innerHTML.
 */
(() => {
  "use strict";

  const Live = {};

  /** The parsed JSON of a <script type="application/json" id="..."> block. */
  Live.readJSON = (id) => {
    const node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : {};
  };

  /** Replace {name} placeholders of a translated text (gettext's %(name)s would clash with Jinja). */
  Live.format = (text, params = {}) =>
    String(text).replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));

  /** For the rare place that builds markup from strings: escape everything. */
  Live.escapeHTML = (text) =>
    String(text).replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]);

  /**
   * createElement with properties: {className, text, attrs: {...}, dataset: {...}, on: {click: fn}, hidden}.
   * Children may be nodes, strings (added as text) or null/false (skipped).
   */
  Live.el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    if (props.className) node.className = props.className;
    if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
    if (props.id) node.id = props.id;
    if (props.hidden) node.hidden = true;
    for (const [name, value] of Object.entries(props.attrs || {})) {
      if (value === false || value === null || value === undefined) continue;
      node.setAttribute(name, value === true ? "" : String(value));
    }
    Object.assign(node.dataset, props.dataset || {});
    for (const [event, handler] of Object.entries(props.on || {})) node.addEventListener(event, handler);
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  };

  /** Set a node's text only when it changed (keeps screen readers and layout calm). */
  Live.setText = (node, text) => {
    const value = text === null || text === undefined ? "" : String(text);
    if (node.textContent !== value) node.textContent = value;
  };

  /** A submission id: a UUID where the browser has crypto.randomUUID, else 32 random hex digits. */
  Live.newId = () => {
    if (window.crypto && typeof window.crypto.randomUUID === "function") return window.crypto.randomUUID();
    const bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };

  // Numbers ---------------------------------------------------------------------------------

  const lang = () => document.documentElement.lang || "fi";
  const formatters = new Map();

  /** A number in the page's language (Finnish: decimal comma), with exactly `digits` decimals. */
  Live.number = (value, digits = 1) => {
    if (value === null || value === undefined || Number.isNaN(value)) return "–";
    const key = `${lang()}|${digits}`;
    if (!formatters.has(key)) {
      formatters.set(key, new Intl.NumberFormat(lang(), { minimumFractionDigits: digits, maximumFractionDigits: digits }));
    }
    return formatters.get(key).format(value);
  };

  /** A change with its sign: "+0,4", "−0,2", "±0,0". */
  Live.signed = (value, digits = 1) => {
    if (value === null || value === undefined) return "–";
    const text = Live.number(Math.abs(value), digits);
    if (Number(Math.abs(value).toFixed(digits)) === 0) return `±${text}`;
    return value > 0 ? `+${text}` : `−${text}`;
  };

  // Server clock ----------------------------------------------------------------------------

  /**
   * The difference between the server's clock and this device's, so that a timer ends at the
   * same moment on every screen however wrong the phone's clock is.
   */
  Live.clock = {
    offset: 0,
    /** Learn the offset from a server_time; sentAt (ms) narrows it to the middle of a round trip. */
    sync(serverTime, sentAt = null) {
      const server = Date.parse(serverTime);
      if (Number.isNaN(server)) return;
      const now = Date.now();
      const local = sentAt ? (sentAt + now) / 2 : now;
      this.offset = server - local;
    },
    now() {
      return Date.now() + this.offset;
    },
  };

  /** "4:05", "1:02:03". */
  Live.duration = (ms) => {
    const total = Math.max(0, Math.ceil(ms / 1000));
    const hours = Math.floor(total / 3600);
    const minutes = Math.floor((total % 3600) / 60);
    const seconds = String(total % 60).padStart(2, "0");
    return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
  };

  /**
   * A countdown shown in `node` (role="timer", which screen readers do not read on every tick).
   * t: {timeLeft: "Time left", timeUp: "Time is up", oneMinute: "One minute left"};
   * announce(text) is called once at one minute left and once when time is up.
   */
  class Countdown {
    constructor(node, t, announce = null) {
      this.node = node;
      this.t = t;
      this.announce = announce;
      this.endsAt = null;
      this.interval = null;
      this.announced = new Set();
      node.setAttribute("role", "timer");
      node.hidden = true;
      this.label = Live.el("span", { className: "timer__label" });
      this.value = Live.el("span", { className: "timer__value" });
      node.append(this.label, this.value);
    }

    set(endsAtIso) {
      const endsAt = endsAtIso ? Date.parse(endsAtIso) : null;
      if (endsAt === this.endsAt) return;
      this.endsAt = endsAt;
      this.announced.clear();
      clearInterval(this.interval);
      this.interval = null;
      if (endsAt === null || Number.isNaN(endsAt)) {
        this.endsAt = null;
        this.node.hidden = true;
        this.node.classList.remove("timer--low", "timer--done");
        return;
      }
      // Do not announce "one minute left" for a timer that was started with less than that.
      if (endsAt - Live.clock.now() <= 60000) this.announced.add("minute");
      this.node.hidden = false;
      this.tick();
      this.interval = setInterval(() => this.tick(), 250);
    }

    tick() {
      const left = this.endsAt - Live.clock.now();
      const done = left <= 0;
      Live.setText(this.label, done ? this.t.timeUp : this.t.timeLeft);
      Live.setText(this.value, done ? "0:00" : Live.duration(left));
      this.node.classList.toggle("timer--low", !done && left <= 30000);
      this.node.classList.toggle("timer--done", done);
      if (this.announce && !done && left <= 60000 && !this.announced.has("minute")) {
        this.announced.add("minute");
        this.announce(this.t.oneMinute);
      }
      if (done) {
        if (this.announce && !this.announced.has("done")) {
          this.announced.add("done");
          this.announce(this.t.timeUp);
        }
        clearInterval(this.interval);
        this.interval = null;
      }
    }
  }
  Live.Countdown = Countdown;

  // Announcements ---------------------------------------------------------------------------

  /**
   * A polite aria-live region that says one thing at a time. `minGap` (ms) throttles
   * announcements marked as throttled (live numbers), so screen readers are not flooded.
   */
  class Announcer {
    constructor(node, minGap = 0) {
      this.node = node;
      this.minGap = minGap;
      this.last = 0;
      this.timer = null;
    }

    say(text) {
      clearTimeout(this.timer);
      // Emptying first makes the same text be announced again.
      this.node.textContent = "";
      this.timer = setTimeout(() => {
        this.node.textContent = text;
        this.last = Date.now();
      }, 80);
    }

    /** Say text produced by makeText() at most once per minGap, the newest version winning. */
    sayThrottled(makeText) {
      const wait = this.last + this.minGap - Date.now();
      if (wait <= 0) {
        this.say(makeText());
        return;
      }
      if (this.pending) return;
      this.pending = setTimeout(() => {
        this.pending = null;
        this.say(makeText());
      }, wait);
    }
  }
  Live.Announcer = Announcer;

  // Socket.IO -------------------------------------------------------------------------------

  /** emit with an acknowledgement as a Promise; a missing ack becomes {ok:false, error:"timeout"}. */
  Live.request = (socket, event, payload, timeoutMs = 10000) =>
    new Promise((resolve) => {
      socket.timeout(timeoutMs).emit(event, payload, (err, ack) => {
        if (err) resolve({ ok: false, error: "timeout" });
        else resolve(ack && typeof ack === "object" ? ack : { ok: false, error: "server_error" });
      });
    });

  /** Why the server refused a connection: {"error": code} in the error's data (docs/protocol.md). */
  const refusalCode = (err) => (err && err.data && typeof err.data.error === "string" ? err.data.error : null);

  /**
   * Connect to the app's Socket.IO server. Handlers: onConnect(socket), onDisconnect(reason),
   * onRefused(code) when the server refuses the connection (no automatic retry then),
   * onTrouble() when a connection attempt fails for network reasons (retried automatically).
   */
  Live.connect = (options = {}, handlers = {}) => {
    if (typeof window.io !== "function") throw new Error("Socket.IO client missing");
    const socket = window.io({ reconnectionDelayMax: 3000, ...options });
    socket.on("connect", () => handlers.onConnect && handlers.onConnect(socket));
    socket.on("disconnect", (reason) => handlers.onDisconnect && handlers.onDisconnect(reason));
    socket.on("connect_error", (err) => {
      const code = refusalCode(err);
      if (code && !socket.active) {
        if (handlers.onRefused) handlers.onRefused(code);
      } else if (handlers.onTrouble) {
        handlers.onTrouble();
      }
    });
    // A phone that loses its network can keep a dead WebSocket for ~45 s; drop it at once so
    // the page shows the truth and reconnects (and resends) as soon as the network is back.
    window.addEventListener("offline", () => {
      if (socket.connected && socket.io.engine) socket.io.engine.close();
    });
    window.addEventListener("online", () => {
      if (!socket.connected && !socket.active) socket.connect();
    });
    return socket;
  };

  /**
   * A facilitator's view of a session (console, projector): connects with the login cookie,
   * sends staff:watch after every connect, and hands on session:state and results:update.
   * handlers: onWatch(ack), onState(state), onResults(update), onConnection(status, detail,
   * message): detail is an error's code, message the server's localized text.
   */
  Live.watchSession = (sessionId, handlers) => {
    const socket = Live.connect({}, {
      onConnect: async (sock) => {
        handlers.onConnection("connecting");
        const sentAt = Date.now();
        const ack = await Live.request(sock, "staff:watch", { session_id: sessionId });
        if (!ack.ok) {
          handlers.onConnection("error", ack.error, ack.message);
          if (ack.error === "timeout" || ack.error === "server_error") {
            // Connect afresh, which sends staff:watch again.
            setTimeout(() => sock.connected && sock.disconnect().connect(), 2000);
          }
          return;
        }
        Live.clock.sync(ack.state.server_time, sentAt);
        handlers.onConnection("online");
        handlers.onWatch(ack);
      },
      onDisconnect: () => handlers.onConnection("offline"),
      onRefused: (code) => handlers.onConnection("refused", code),
      onTrouble: () => handlers.onConnection("offline"),
    });
    socket.on("session:state", (state) => {
      if (!state || !state.session || state.session.id !== sessionId) return;
      Live.clock.sync(state.server_time);
      handlers.onState(state);
    });
    socket.on("results:update", (update) => {
      if (!update || update.session_id !== sessionId) return;
      handlers.onResults(update);
    });
    return socket;
  };

  // Agenda steps ----------------------------------------------------------------------------

  /** A step's title (in the page's language when the server sent `titles`), else its kind's name. */
  Live.stepName = (step, kinds) =>
    (step && ((step.titles && step.titles[lang()]) || step.title || kinds[step.kind] || step.kind)) || "";

  /** Append the server-rendered HTML fragment at url (escaped by the server's templates) to node. */
  Live.loadFragment = async (node, url) => {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "text/html" } });
      if (response.ok) node.append(document.createRange().createContextualFragment(await response.text()));
    } catch (error) {
      // The step's own text stays on screen; the fragment is extra.
    }
  };

  /**
   * The scoring step whose results are shown: the open one, else the last one closed
   * (the server sends results of the same step; we follow results.step_id when we have it).
   */
  Live.resultsStep = (state, results) => {
    if (!state) return null;
    if (results && results.step_id) {
      const step = state.steps.find((s) => s.id === results.step_id);
      if (step) return step;
    }
    return state.steps.find((s) => s.status === "open" && s.kind === "scoring") || null;
  };

  // Results ---------------------------------------------------------------------------------

  /** The scale of a question: min..max (1..5 unless told), widened to values seen in the data. */
  Live.scaleOf = (item, question = null) => {
    let min = question && Number.isInteger(question.min) ? question.min : 1;
    let max = question && Number.isInteger(question.max) ? question.max : 5;
    for (const key of Object.keys((item && item.distribution) || {})) {
      const value = Number(key);
      if (Number.isInteger(value)) {
        min = Math.min(min, value);
        max = Math.max(max, value);
      }
    }
    const values = [];
    for (let v = min; v <= max; v += 1) values.push(v);
    return values;
  };

  /**
   * The results to draw: the server's, except right after a scoring step was opened, when they
   * still belong to the previous step; then empty results of the open step until its first update.
   */
  Live.currentResults = (state, results, questionOrder) => {
    const open = state ? state.steps.find((s) => s.status === "open" && s.kind === "scoring") : null;
    if (!open || (results && results.step_id === open.id)) return results;
    const empty = { count: 0, dont_know: 0, distribution: {}, mean: null, median: null, spread: null, by_group: {}, previous_mean: null, change: null };
    return {
      step_id: open.id,
      previous_round: results ? results.previous_round : null,
      items: open.focus_areas.flatMap((area) => questionOrder.map((question) => ({ ...empty, question, focus_area: area }))),
    };
  };

  /** Results items grouped by focus area, in the server's order: [{focusArea, items: [...]}]. */
  Live.groupByFocusArea = (results) => {
    const groups = new Map();
    for (const item of (results && results.items) || []) {
      if (!groups.has(item.focus_area)) groups.set(item.focus_area, []);
      groups.get(item.focus_area).push(item);
    }
    return Array.from(groups, ([focusArea, items]) => ({ focusArea, items }));
  };

  /**
   * Vertical bars of one question's score distribution (HTML, scales with the font), updated in
   * place. The chart is an image to assistive technology with every number in its label.
   * t: {chartLabel: "Scores: {list}", valueCount: "{value}: {count}", noAnswers: "No scores yet",
   *     withheld: "Fewer than {size} answers…"}. An item the server withheld (fewer answers than
   * the minimum group size, docs/security.md) shows that sentence instead of bars.
   */
  class DistributionChart {
    constructor(t, options = {}) {
      this.t = t;
      this.showPercent = Boolean(options.showPercent);
      this.node = Live.el("div", { className: "dist", attrs: { role: "img" } });
      this.columns = new Map();
      this.scaleKey = "";
    }

    build(values) {
      this.node.replaceChildren();
      this.columns.clear();
      for (const value of values) {
        const count = Live.el("span", { className: "dist__count" });
        const bar = Live.el("span", { className: "dist__bar" });
        const column = Live.el(
          "span",
          { className: "dist__col", attrs: { "aria-hidden": "true" } },
          count,
          Live.el("span", { className: "dist__track" }, bar),
          Live.el("span", { className: "dist__value", text: value }),
        );
        this.columns.set(value, { count, bar });
        this.node.append(column);
      }
      this.scaleKey = values.join(",");
    }

    update(item, values, minGroupSize) {
      if (item && item.withheld) {
        const text = Live.format(this.t.withheld, { size: minGroupSize });
        if (this.scaleKey !== "withheld") {
          this.note = Live.el("span", { className: "dist__withheld", attrs: { "aria-hidden": "true" } });
          this.node.replaceChildren(this.note);
          this.columns.clear();
          this.scaleKey = "withheld";
        }
        Live.setText(this.note, text);
        this.node.setAttribute("aria-label", text);
        return;
      }
      if (values.join(",") !== this.scaleKey) this.build(values);
      const distribution = (item && item.distribution) || {};
      const counts = values.map((v) => Number(distribution[String(v)] || 0));
      const total = counts.reduce((a, b) => a + b, 0);
      const highest = Math.max(1, ...counts);
      values.forEach((value, index) => {
        const { count, bar } = this.columns.get(value);
        const n = counts[index];
        const share = total ? Math.round((n / total) * 100) : 0;
        Live.setText(count, this.showPercent && total ? `${n} (${share} %)` : n);
        bar.style.height = `${(n / highest) * 100}%`;
        bar.classList.toggle("dist__bar--empty", n === 0);
      });
      const list = values.map((v, i) => Live.format(this.t.valueCount, { value: v, count: counts[i] })).join(", ");
      this.node.setAttribute("aria-label", total ? Live.format(this.t.chartLabel, { list }) : this.t.noAnswers);
    }
  }
  Live.DistributionChart = DistributionChart;

  window.Live = Live;
})();

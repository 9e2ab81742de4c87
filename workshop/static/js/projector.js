/* The big screen: join code and QR while people join, then large live results.
 *
 * Read-only: it watches the session like the console and changes nothing. Results are those
 * of the open scoring step, or of the last scoring step closed when another step is open.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;
  const config = Live.readJSON("live-config");
  const t = Live.readJSON("i18n");
  const sessionId = config.sessionId;

  const $ = (id) => document.getElementById(id);
  const root = $("projector");
  const announcer = new Live.Announcer($("announcer"), 60000);
  const countdown = new Live.Countdown($("projector-timer"), t.timer);

  let state = null;
  let labels = { focus_areas: {}, questions: {}, groups: {} };
  let counts = { total: 0, by_group: {} };
  let serverResults = null;
  let results = null;
  let resultsKey = "";
  const nodes = new Map();

  const socket = Live.watchSession(sessionId, {
    onConnection: (status, detail) => {
      const connection = $("connection");
      let text = "";
      if (status === "offline") text = t.offline;
      else if (status === "refused") text = t.refused;
      else if (status === "error") text = t.errors[detail] || t.errors.generic;
      setText(connection, text);
      connection.hidden = !text;
    },
    onWatch: (ack) => {
      labels = ack.labels || labels;
      counts = ack.participants || counts;
      serverResults = ack.results;
      state = ack.state;
      render();
    },
    onState: (newState) => {
      state = newState;
      render();
    },
    onResults: (update) => {
      const before = counts.total;
      counts = update.participants || counts;
      serverResults = update.results;
      render();
      if (counts.total !== before) announcer.sayThrottled(() => format(t.participantsNow, { count: counts.total }));
    },
  });
  if (window.Proposals) window.Proposals.projector(socket, sessionId);
  // Open questions, polls and prioritisation draw themselves (steps.js) in #kind-view.
  const stepKinds = window.Steps ? window.Steps.KINDS : new Set();
  if (window.Steps) window.Steps.projector(socket, sessionId);

  const stepName = (step) => Live.stepName(step, t.kinds);

  /** "join" while people join (no scoring results to show, or the welcome step), else "results". */
  function mode() {
    const open = state.steps.find((s) => s.status === "open");
    if (open && open.kind === "scoring") return "results";
    if (open && open.kind === "welcome") return "join";
    if (open && open.kind === "indicators") return "evidence";
    if (open && open.kind === "wrapup") return "wrapup";
    if (open && stepKinds.has(open.kind)) return "kind";
    // Nothing open: the results of the step closed last stay on screen, whatever its kind.
    if (!open && window.Steps && window.Steps.closedStep(state)) return "kind";
    return results && results.items && results.items.length ? "results" : "join";
  }

  function render() {
    if (!state) return;
    results = Live.currentResults(state, serverResults, config.questionOrder);
    const open = state.steps.find((s) => s.status === "open") || null;
    // A closed session takes nobody in: the join code and QR give way to the ended note.
    const ended = state.session.status === "closed";
    let current = ended && mode() === "join" ? "ended" : mode();
    // The room sees results only when the facilitator lets it (the step's results mode).
    const shownStep = current === "results" ? Live.resultsStep(state, results) : null;
    if (shownStep && !shownStep.results_shown) current = "waiting";
    root.dataset.mode = current;
    $("join-view").hidden = current !== "join";
    $("ended-view").hidden = current !== "ended";
    $("results-view").hidden = current !== "results";
    $("waiting-view").hidden = current !== "waiting";
    // Late arrivals join from any step while the session is open: the code stays in a corner.
    $("join-corner").hidden = current === "join" || state.session.status !== "open";
    if (current === "waiting") renderWaiting(shownStep);
    showEvidence(current === "evidence");
    showWrapup(current === "wrapup" ? open : null);
    setText($("participant-count"), counts.total);
    countdown.set(open ? open.timer_ends_at : null);
    let title = open ? stepName(open) : "";
    if (state.session.status === "closed") title = t.sessionClosed;
    setText($("step-name"), title);
    if (current === "results") renderResults(open);
  }

  /** While results are hidden from the room: only how many scores have come in. */
  function renderWaiting(step) {
    setText($("waiting-note"), step.results_mode === "staff" ? t.waitingStaff : t.waitingReveal);
    const given = results && results.items ? results.items.reduce((sum, item) => sum + item.count + item.dont_know, 0) : 0;
    setText($("waiting-count"), format(t.scoresGiven, { count: given }));
  }

  /** The evidence step: indicators and funding, rendered by the server (evidence/views.py). */
  let evidenceView = null;
  function showEvidence(visible) {
    if (visible && !evidenceView) {
      evidenceView = el("section", { className: "evidence-view", id: "evidence-view" });
      root.insertBefore(evidenceView, $("connection"));
      Live.loadFragment(evidenceView, new URL("evidence", window.location.href).href);
    } else if (!visible && evidenceView) {
      evidenceView.remove();
      evidenceView = null;
    }
  }

  /** The wrap-up step: what the session produced, rendered by the server (wrapup/views.py). */
  let wrapupView = null;
  let wrapupFor = null;
  async function showWrapup(step) {
    if (!step) {
      if (wrapupView) wrapupView.remove();
      wrapupView = null;
      wrapupFor = null;
      return;
    }
    if (wrapupFor === step.id) return;
    wrapupFor = step.id;
    if (wrapupView) wrapupView.remove();
    const view = el("section", { className: "wrapup-view", id: "wrapup-view", attrs: { "aria-label": t.kinds.wrapup } });
    wrapupView = view;
    root.insertBefore(view, $("connection"));
    await Live.loadFragment(view, new URL("wrapup?view=projector", window.location.href).href);
    if (wrapupView === view) fitWrapup();
  }

  /** A projector cannot scroll: shrink the wrap-up's text until it fits the screen. */
  function fitWrapup() {
    if (!wrapupView) return;
    let size = 1;
    wrapupView.style.fontSize = "1em";
    while (wrapupView.scrollHeight > wrapupView.clientHeight + 1 && size > 0.4) {
      size -= 0.04;
      wrapupView.style.fontSize = `${size.toFixed(2)}em`;
    }
  }
  window.addEventListener("resize", fitWrapup);

  function questionInfo(key) {
    return config.questions[key] || labels.questions[key] || { text: key, min: 1, max: 5 };
  }

  /**
   * A table: focus areas as rows, questions as columns, each cell the mean and the bars.
   * Density steps (data-areas) keep it on one screen from one focus area to all of them.
   */
  function build(groups) {
    nodes.clear();
    const questionKeys = groups.length ? groups[0].items.map((item) => item.question) : [];
    const container = $("projector-results");
    container.dataset.areas = String(Math.min(groups.length, 8));
    const caption = el("caption", { className: "visually-hidden", id: "results-caption" });
    const head = el(
      "tr",
      {},
      el("td", { className: "p-corner" }),
      ...questionKeys.map((key) => {
        const question = questionInfo(key);
        return el(
          "th",
          { className: "p-question", attrs: { scope: "col" } },
          el("span", { className: "p-question__text", text: question.text }),
          question.low_label || question.high_label
            ? el("span", { className: "p-question__scale", text: format(t.scale, { min: question.min, low: question.low_label, max: question.max, high: question.high_label }) })
            : null,
        );
      }),
    );
    const rows = groups.map(({ focusArea, items }) => {
      const row = el("tr", {}, el("th", { className: "p-area", attrs: { scope: "row" }, text: labels.focus_areas[focusArea] || focusArea }));
      for (const item of items) {
        const question = questionInfo(item.question);
        const mean = el("span", { className: "p-mean__value" });
        const count = el("span", { className: "p-mean__count" });
        const dk = el("span", { className: "p-mean__count" });
        const chart = new Live.DistributionChart(t.chart);
        row.append(
          el(
            "td",
            { className: "p-cell" },
            el(
              "div",
              { className: "p-cell__inner" },
              el("p", { className: "p-mean" }, el("span", { className: "visually-hidden", text: `${t.mean}: ` }), mean, el("span", { className: "p-mean__label", attrs: { "aria-hidden": "true" }, text: t.mean }), count, dk),
              chart.node,
            ),
          ),
        );
        nodes.set(`${item.focus_area}|${item.question}`, { mean, count, dk, chart, question });
      }
      return row;
    });
    container.replaceChildren(
      el("table", { className: "p-table" }, caption, el("colgroup", {}, el("col", { className: "p-table__areas" }), ...questionKeys.map(() => el("col"))), el("thead", {}, head), el("tbody", {}, ...rows)),
    );
  }

  /** Size the results table to fill the screen without overflowing it (projectors cannot scroll). */
  let fittedFor = "";
  function fitToScreen(force = false) {
    const container = $("projector-results");
    const key = `${resultsKey}|${window.innerWidth}x${window.innerHeight}|${$("results-note").hidden}`;
    if (!force && key === fittedFor) return;
    fittedFor = key;
    let size = 1.6;
    container.style.fontSize = `${size}em`;
    const overflows = () => container.scrollHeight > container.clientHeight + 1 || container.scrollWidth > container.clientWidth + 1;
    while (overflows() && size > 0.45) {
      size -= 0.05;
      container.style.fontSize = `${size.toFixed(2)}em`;
    }
    fitAreaNames(container);
  }

  /**
   * A focus area's longest word ("sijoittumisympäristö") can be wider than its column at
   * 1024 px and ran into the means: each name shrinks on its own until its words fit, and
   * only below that breaks inside a word.
   */
  function fitAreaNames(container) {
    for (const name of container.querySelectorAll(".p-area")) {
      name.style.fontSize = "";
      name.classList.remove("p-area--break");
      let size = 1.35;
      while (name.scrollWidth > name.clientWidth + 1 && size > 0.8) {
        size -= 0.05;
        name.style.fontSize = `${size.toFixed(2)}em`;
      }
      if (name.scrollWidth > name.clientWidth + 1) name.classList.add("p-area--break");
    }
  }
  window.addEventListener("resize", () => {
    if (root.dataset.mode === "results") fitToScreen(true);
  });

  function renderResults(open) {
    if (!results || !results.items) return;
    const key = `${results.step_id}|${results.items.map((i) => `${i.focus_area}|${i.question}`).join(",")}`;
    if (key !== resultsKey) {
      resultsKey = key;
      build(Live.groupByFocusArea(results));
    }
    const step = Live.resultsStep(state, results);
    const closedNote = step && (!open || open.id !== step.id) ? format(t.closedResults, { step: stepName(step) }) : "";
    setText($("results-note"), closedNote);
    const caption = $("results-caption");
    if (caption) setText(caption, step ? stepName(step) : "");
    $("results-note").hidden = !closedNote;
    for (const item of results.items) {
      const entry = nodes.get(`${item.focus_area}|${item.question}`);
      if (!entry) continue;
      setText(entry.mean, Live.number(item.mean, 1));
      setText(entry.count, format(t.answers, { count: item.count }));
      setText(entry.dk, format(t.dontKnow, { count: item.dont_know }));
      entry.chart.update(item, Live.scaleOf(item, entry.question), results.min_group_size);
    }
    fitToScreen();
  }
})();

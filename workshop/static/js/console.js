/* The facilitator's live console: runs the agenda, the timer and the results reveal, and
 * shows who has joined and the live results of the current scoring step.
 *
 * Controls are Socket.IO events acknowledged with the new session state; while one is
 * pending every control is marked unavailable (aria-disabled keeps keyboard focus in place).
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;
  const config = Live.readJSON("live-config");
  const t = Live.readJSON("i18n");
  const sessionId = config.sessionId;

  const $ = (id) => document.getElementById(id);
  const agendaNode = $("agenda");
  const connectionNode = $("connection");
  const errorNode = $("control-error");
  const announcer = new Live.Announcer($("announcer"), 30000);
  const countdown = new Live.Countdown($("console-timer"), t.timer, (text) => announcer.say(text));

  let state = null;
  let labels = { focus_areas: {}, questions: {}, groups: {} };
  let counts = { total: 0, by_group: {} };
  let serverResults = null;
  let results = null;
  let pending = false;
  let lastSummary = "";

  const socket = Live.watchSession(sessionId, {
    onConnection: setConnection,
    onWatch: (ack) => {
      labels = ack.labels || labels;
      counts = ack.participants || counts;
      serverResults = ack.results;
      renderBursts(ack.join_bursts);
      applyState(ack.state);
      renderCounts();
      renderResults();
    },
    onState: applyState,
    onResults: (update) => {
      counts = update.participants || counts;
      serverResults = update.results;
      renderBursts(update.join_bursts);
      renderCounts();
      renderResults();
      summarise();
    },
  });
  if (window.Proposals) window.Proposals.staff(socket, sessionId);
  if (window.Reasons) window.Reasons.watch(socket);
  if (window.LiveThemes) window.LiveThemes.watch(socket, sessionId);
  if (window.Moderation) window.Moderation.staff(socket, sessionId);
  if (window.Steps) window.Steps.staff(socket, sessionId);
  // The kinds of step whose results the room may be shown (scores, and steps.js's kinds).
  const RESULT_KINDS = new Set(["scoring", ...(window.Steps ? window.Steps.KINDS : [])]);

  // Connection ------------------------------------------------------------------------------

  function setConnection(status, detail, message) {
    const texts = { connecting: t.connecting, online: t.online, offline: t.offline, refused: t.refused };
    let text = texts[status] || "";
    if (status === "error") text = errorText(detail, message);
    setText(connectionNode, text);
    connectionNode.className = `connection connection--${status}`;
    document.body.dataset.connection = status;
    if (status !== "online") setPending(false);
    renderControls();
  }

  // Agenda ----------------------------------------------------------------------------------

  const stepName = (step) => Live.stepName(step, t.kinds);
  const openStep = () => (state ? state.steps.find((s) => s.status === "open") || null : null);

  /** The step after the open one; with none open, the first not yet started (else the first). */
  function nextStep() {
    if (!state || !state.steps.length) return null;
    const open = openStep();
    if (open) {
      const index = state.steps.indexOf(open);
      return state.steps[index + 1] || null;
    }
    const lastClosed = [...state.steps].reverse().find((s) => s.status === "closed");
    if (lastClosed) {
      const after = state.steps[state.steps.indexOf(lastClosed) + 1];
      if (after) return after;
    }
    return state.steps.find((s) => s.status === "pending") || state.steps[0];
  }

  let agendaKey = "";
  const agendaItems = new Map();

  function renderAgenda() {
    const key = state.steps.map((s) => s.id).join(",");
    if (key !== agendaKey) {
      agendaKey = key;
      agendaItems.clear();
      agendaNode.replaceChildren(
        ...state.steps.map((step) => {
          const name = el("span", { className: "agenda__name" });
          const meta = el("span", { className: "agenda__meta" });
          const open = el("button", { className: "button button--small control", attrs: { type: "button" } }, t.openStep, el("span", { className: "visually-hidden" }));
          const close = el("button", { className: "button button--small button--secondary control", attrs: { type: "button" } }, t.closeStep, el("span", { className: "visually-hidden" }));
          open.addEventListener("click", () => available(open) && control("step:open", { step_id: step.id }));
          close.addEventListener("click", () => available(close) && control("step:close", { step_id: step.id }));
          const li = el("li", { className: "agenda__step" }, el("div", { className: "agenda__text" }, name, meta), el("div", { className: "agenda__buttons" }, open, close));
          agendaItems.set(step.id, { li, name, meta, open, close });
          return li;
        }),
      );
    }
    for (const step of state.steps) {
      const item = agendaItems.get(step.id);
      const name = stepName(step);
      setText(item.name, name);
      const parts = [];
      if (step.title) parts.push(t.kinds[step.kind] || step.kind);
      parts.push(t.stepStatus[step.status] || step.status);
      if (step.kind === "scoring") parts.push(format(t.focusAreaCount, { count: step.focus_areas.length }));
      setText(item.meta, parts.join(" · "));
      setText(item.open.lastChild, ` ${name}`);
      setText(item.close.lastChild, ` ${name}`);
      item.open.dataset.allowed = step.status !== "open" && state.session.status === "open" ? "1" : "";
      item.close.dataset.allowed = step.status === "open" ? "1" : "";
      item.li.classList.toggle("agenda__step--open", step.status === "open");
      item.li.classList.toggle("agenda__step--closed", step.status === "closed");
      if (step.status === "open") item.li.setAttribute("aria-current", "step");
      else item.li.removeAttribute("aria-current");
    }
  }

  // Controls --------------------------------------------------------------------------------

  function applyState(newState) {
    if (!newState) return;
    state = newState;
    setText($("session-status"), t.sessionStatus[state.session.status] || state.session.status);
    $("session-status").className = `badge badge--${state.session.status}`;
    setText($("session-status-text"), t.sessionStatus[state.session.status] || state.session.status);
    $("session-open").hidden = state.session.status === "open";
    $("session-close").hidden = state.session.status !== "open";
    // Closing goes through its confirmation page; a close from elsewhere (the round closed,
    // another facilitator) reaches this console as a new state, and it says so at once.
    const ended = state.session.status === "closed";
    if (ended && $("session-ended").hidden) announcer.say($("session-ended").textContent);
    $("session-ended").hidden = !ended;
    renderAgenda();
    renderControls();
    renderResults();
    renderWrapup();
  }

  /** The wrap-up step's summary, as the room sees it and with what only staff saw. */
  let wrapupFor = null;
  function renderWrapup() {
    const panel = $("wrapup-panel");
    const open = state.steps.find((s) => s.status === "open");
    const step = open && open.kind === "wrapup" ? open : null;
    panel.hidden = !step;
    if (!step || wrapupFor === step.id) {
      if (!step) wrapupFor = null;
      return;
    }
    wrapupFor = step.id;
    const body = $("wrapup-body");
    body.replaceChildren();
    Live.loadFragment(body, new URL("wrapup", window.location.href).href);
  }

  function available(button) {
    return button.getAttribute("aria-disabled") !== "true";
  }

  function setPending(value) {
    pending = value;
    $("controls").setAttribute("aria-busy", value ? "true" : "false");
    agendaNode.setAttribute("aria-busy", value ? "true" : "false");
  }

  /** Which controls can be used now: none while one is pending or the connection is down. */
  function renderControls() {
    if (!state) return;
    const open = openStep();
    const next = nextStep();
    const connected = document.body.dataset.connection === "online";
    const needs = {
      open: Boolean(open),
      timer: Boolean(open && open.timer_ends_at),
      scoring: Boolean(open && RESULT_KINDS.has(open.kind)),
      next: Boolean(next && state.session.status === "open"),
    };
    setText($("current-name"), open ? stepName(open) : t.noStepOpen);
    $("current-name").classList.toggle("current__name--none", !open);
    countdown.set(open ? open.timer_ends_at : null);
    $("timer-idle").hidden = Boolean(open && open.timer_ends_at);
    const resultsMode = needs.scoring ? open.results_mode : "";
    needs.reveal = resultsMode === "reveal";
    const reveal = $("reveal");
    const visible = Boolean(needs.scoring && open.results_shown);
    reveal.setAttribute("aria-pressed", visible ? "true" : "false");
    for (const radio of document.querySelectorAll('input[name="results-mode"]')) radio.checked = radio.value === resultsMode;
    let note = t.revealOnlyScoring;
    if (resultsMode === "live") note = t.resultsLive;
    else if (resultsMode === "staff") note = t.resultsStaff;
    else if (resultsMode === "reveal") note = visible ? t.revealOn : t.revealOff;
    setText($("reveal-note"), note);
    setText($("next-name"), next ? format(t.nextStep, { step: stepName(next) }) : open ? t.noNextStep : "");
    for (const button of document.querySelectorAll(".control")) {
      let allowed = connected && !pending;
      if (button.dataset.needs) allowed = allowed && needs[button.dataset.needs];
      if ("allowed" in button.dataset) allowed = allowed && button.dataset.allowed === "1";
      // Radio buttons are disabled outright: aria-disabled would still let them change.
      if (button.type === "radio") button.disabled = !allowed;
      else button.setAttribute("aria-disabled", allowed ? "false" : "true");
    }
    $("timer-minutes").disabled = !open;
  }

  /** The console's own words for a code where it has them, else the server's localized message. */
  function errorText(code, message) {
    return t.errors[code] || message || t.errors.generic;
  }

  async function control(event, payload) {
    if (pending || !state) return;
    setPending(true);
    setText(errorNode, "");
    renderControls();
    const ack = await Live.request(socket, event, { session_id: sessionId, ...payload });
    setPending(false);
    if (ack.ok) {
      if (ack.state) {
        Live.clock.sync(ack.state.server_time);
        applyState(ack.state);
      }
    } else {
      setText(errorNode, errorText(ack.error, ack.message));
    }
    renderControls();
  }

  function startTimer(minutes) {
    const open = openStep();
    const seconds = Math.round(Number(minutes) * 60);
    if (!open) return;
    if (!Number.isFinite(seconds) || seconds < 1 || seconds > 14400) {
      setText(errorNode, t.timerRange);
      return;
    }
    control("timer:start", { step_id: open.id, seconds });
  }

  $("timer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const button = event.target.querySelector("button");
    if (available(button)) startTimer($("timer-minutes").value);
  });
  for (const button of document.querySelectorAll("[data-minutes]")) {
    button.addEventListener("click", () => {
      if (!available(button)) return;
      $("timer-minutes").value = button.dataset.minutes;
      startTimer(button.dataset.minutes);
    });
  }
  $("timer-stop").addEventListener("click", (event) => {
    const open = openStep();
    if (available(event.currentTarget) && open) control("timer:stop", { step_id: open.id });
  });
  $("reveal").addEventListener("click", (event) => {
    const open = openStep();
    if (!available(event.currentTarget) || !open) return;
    control("step:reveal", { step_id: open.id, visible: !open.results_visible });
  });
  for (const radio of document.querySelectorAll('input[name="results-mode"]')) {
    radio.addEventListener("change", () => {
      const open = openStep();
      if (open && radio.checked) control("step:results_mode", { step_id: open.id, mode: radio.value });
    });
  }
  $("next-step").addEventListener("click", (event) => {
    const next = nextStep();
    if (available(event.currentTarget) && next) control("step:open", { step_id: next.id });
  });
  $("close-step").addEventListener("click", (event) => {
    const open = openStep();
    if (available(event.currentTarget) && open) control("step:close", { step_id: open.id });
  });

  // Participants ----------------------------------------------------------------------------

  // Joins from one address within a minute above the threshold, largest first (no address).
  // Updates come only while people join: a warning no update renews is a minute old and goes.
  let burstExpiry = null;
  function renderBursts(bursts) {
    const box = $("join-bursts");
    if (!box || !Array.isArray(bursts)) return;
    box.hidden = bursts.length === 0;
    clearTimeout(burstExpiry);
    if (!bursts.length) return;
    setText($("join-bursts-text"), format(bursts[0] === 1 ? t.joinBurstOne : t.joinBurstMany, { count: bursts[0] }));
    burstExpiry = setTimeout(() => { box.hidden = true; }, 60_000);
  }

  function renderCounts() {
    setText($("participant-total"), counts.total);
    const removed = $("removed-count");
    if (removed && typeof counts.removed === "number") {
      removed.hidden = counts.removed === 0;
      setText($("removed-number"), counts.removed);
    }
    const rows = Object.entries(labels.groups).map(([key, name]) =>
      el("tr", {}, el("th", { attrs: { scope: "row" }, text: name }), el("td", { className: "num", text: counts.by_group[key] || 0 })),
    );
    for (const [key, n] of Object.entries(counts.by_group)) {
      if (!(key in labels.groups)) rows.push(el("tr", {}, el("th", { attrs: { scope: "row" }, text: key }), el("td", { className: "num", text: n })));
    }
    $("group-counts").replaceChildren(...rows);
  }

  function summarise() {
    let answers = 0;
    for (const item of (results && results.items) || []) answers += item.count + item.dont_know;
    const text = format(t.summary, { participants: counts.total, answers });
    if (text === lastSummary) return;
    lastSummary = text;
    announcer.sayThrottled(() => lastSummary);
  }

  // Results ---------------------------------------------------------------------------------

  let resultsKey = "";
  const resultNodes = new Map();

  function questionInfo(key) {
    return config.questions[key] || labels.questions[key] || { text: key, min: 1, max: 5 };
  }

  function buildResults(groups) {
    resultNodes.clear();
    const sections = groups.map(({ focusArea, items }) => {
      const headingId = `res-${focusArea}`;
      const section = el(
        "section",
        { className: "fa-result", attrs: { "aria-labelledby": headingId } },
        el("h3", { id: headingId, text: labels.focus_areas[focusArea] || focusArea }),
      );
      const grid = el("div", { className: "fa-result__questions" });
      for (const item of items) grid.append(buildQuestion(item));
      section.append(grid);
      return section;
    });
    $("results").replaceChildren(...sections);
  }

  function buildQuestion(item) {
    const question = questionInfo(item.question);
    const stat = (label, className = "") => {
      const value = el("dd", {});
      return [el("div", { className: `stat ${className}` }, el("dt", { text: label }), value), value];
    };
    const [meanBox, mean] = stat(t.mean, "stat--mean");
    const [medianBox, median] = stat(t.median);
    const [spreadBox, spread] = stat(t.spread);
    const [countBox, count] = stat(t.answers);
    const [dkBox, dk] = stat(t.dontKnow);
    const [changeBox, change] = stat(t.change, "stat--change");
    const chart = new Live.DistributionChart(t.chart, { showPercent: true });
    const groupBody = el("tbody");
    const groupNoteId = `group-note-${item.focus_area}-${item.question}`;
    const groupNote = el("p", { className: "meta by-group__note", id: groupNoteId });
    const block = el(
      "div",
      { className: "q-result" },
      el("h4", { text: question.text }),
      question.low_label || question.high_label
        ? el("p", { className: "meta q-result__scale", text: format(t.scale, { min: question.min, low: question.low_label, max: question.max, high: question.high_label }) })
        : null,
      el("dl", { className: "stats" }, meanBox, medianBox, spreadBox, countBox, dkBox, changeBox),
      chart.node,
      el(
        "table",
        { className: "compact-table by-group", attrs: { "aria-describedby": groupNoteId } },
        el("caption", { text: t.byGroup }),
        el("thead", {}, el("tr", {}, el("th", { attrs: { scope: "col" }, text: t.group }), el("th", { className: "num", attrs: { scope: "col" }, text: t.answers }), el("th", { className: "num", attrs: { scope: "col" } }, el("abbr", { attrs: { title: t.dontKnow }, text: t.dontKnowShort })), el("th", { className: "num", attrs: { scope: "col" }, text: t.mean }))),
        groupBody,
      ),
      groupNote,
    );
    resultNodes.set(`${item.focus_area}|${item.question}`, { mean, median, spread, count, dk, change, changeBox, chart, groupBody, groupNote, question });
    return block;
  }

  function updateQuestion(item) {
    const nodes = resultNodes.get(`${item.focus_area}|${item.question}`);
    if (!nodes) return;
    setText(nodes.mean, Live.number(item.mean, 2));
    setText(nodes.median, Live.number(item.median, 1));
    setText(nodes.spread, Live.number(item.spread, 2));
    setText(nodes.count, item.count);
    setText(nodes.dk, item.dont_know);
    nodes.changeBox.hidden = item.change === null || item.change === undefined;
    setText(nodes.change, Live.signed(item.change, 2));
    nodes.changeBox.classList.toggle("stat--up", item.change > 0);
    nodes.changeBox.classList.toggle("stat--down", item.change < 0);
    const size = results.min_group_size;
    nodes.chart.update(item, Live.scaleOf(item, nodes.question), size);
    const groupRow = (name, summary) =>
      el(
        "tr",
        {},
        el("th", { attrs: { scope: "row" }, text: name }),
        el("td", { className: "num", text: summary.count }),
        el("td", { className: "num", text: summary.dont_know || 0 }),
        el("td", { className: "num", text: Live.number(summary.mean, 2) }),
      );
    const rows = Object.entries(item.by_group || {}).map(([key, summary]) => groupRow(labels.groups[key] || key, summary));
    // Small groups come merged from the server (docs/security.md): one row, and the note says why.
    const others = item.other_groups;
    if (others && rows.length) rows.push(groupRow(t.otherGroups, others));
    const answered = item.count + item.dont_know > 0;
    if (!rows.length) rows.push(el("tr", {}, el("td", { attrs: { colspan: "4" }, className: "meta", text: answered ? format(t.noBreakdown, { size }) : t.noGroupAnswers })));
    nodes.groupBody.replaceChildren(...rows);
    const names = others ? others.groups.map((key) => labels.groups[key] || key).join(", ") : "";
    setText(nodes.groupNote, others ? `${format(t.merged, { size })} ${format(t.mergedGroups, { groups: names })}` : "");
    nodes.groupNote.hidden = !others;
  }

  function renderResults() {
    if (!state) return;
    results = Live.currentResults(state, serverResults, config.questionOrder);
    if (!results || !results.items) {
      resultsKey = "";
      // An open question, poll or prioritisation shows its results in its own panel above.
      const open = state.steps.find((s) => s.status === "open");
      const kindOpen = open && window.Steps && window.Steps.KINDS.has(open.kind);
      setText($("results-meta"), kindOpen ? format(t.kindStepOpen, { kind: t.kinds[open.kind] }) : t.noResults);
      $("results").replaceChildren();
      return;
    }
    const step = Live.resultsStep(state, results);
    const groups = Live.groupByFocusArea(results);
    const key = `${results.step_id}|${results.items.map((i) => `${i.focus_area}|${i.question}`).join(",")}`;
    if (key !== resultsKey) {
      resultsKey = key;
      buildResults(groups);
    }
    const name = step ? stepName(step) : "";
    const closed = step && step.status === "closed" ? ` ${t.stepClosed}` : "";
    const compared = results.previous_round ? format(t.comparedWith, { round: results.previous_round }) : t.noPrevious;
    setText($("results-meta"), `${format(t.resultsOf, { step: name })}${closed}. ${compared}`);
    for (const item of results.items) updateQuestion(item);
  }
})();

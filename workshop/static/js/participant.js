/* The participant's live workshop screen: follows the open step, takes scores.
 *
 * Every score goes through an outbox kept in localStorage until the server acknowledges it,
 * and is (re)sent one at a time in order: after every (re)connect and on page load. The
 * server recognises repeats by submission_id, so resending is always safe.
 */
(() => {
  "use strict";

  const { el, setText, format } = window.Live;
  const Live = window.Live;
  const config = Live.readJSON("live-config");
  const t = Live.readJSON("i18n");

  const root = document.getElementById("step");
  const connectionNode = document.getElementById("connection");
  const errorsNode = document.getElementById("errors");
  const announcer = new Live.Announcer(document.getElementById("announcer"));
  const itemKey = (focusArea, question) => `${focusArea}|${question}`;
  // Texts from the server come in the participant's language, which can differ from the page's.
  const serverLang = config.contentLang && config.contentLang !== document.documentElement.lang ? { lang: config.contentLang } : {};

  // Outbox ----------------------------------------------------------------------------------

  class Outbox {
    constructor(storageKey) {
      this.storageKey = storageKey;
      this.entries = [];
      try {
        const stored = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
        if (Array.isArray(stored)) this.entries = stored.filter((e) => e && e.submission_id);
      } catch (error) {
        this.entries = [];
      }
    }

    save() {
      try {
        if (this.entries.length) window.localStorage.setItem(this.storageKey, JSON.stringify(this.entries));
        else window.localStorage.removeItem(this.storageKey);
      } catch (error) {
        // Private mode or a full storage: the outbox still works for this page's lifetime.
      }
    }

    /** Queue a submission; an earlier one for the same item that was never sent is superseded. */
    add(entry) {
      const key = itemKey(entry.focus_area, entry.question);
      this.entries = this.entries.filter((e) => e.sent || itemKey(e.focus_area, e.question) !== key);
      this.entries.push(entry);
      this.save();
    }

    remove(submissionId) {
      this.entries = this.entries.filter((e) => e.submission_id !== submissionId);
      this.save();
    }

    first() {
      return this.entries[0] || null;
    }

    latestFor(key) {
      for (let i = this.entries.length - 1; i >= 0; i -= 1) {
        const entry = this.entries[i];
        if (itemKey(entry.focus_area, entry.question) === key) return entry;
      }
      return null;
    }

    get size() {
      return this.entries.length;
    }
  }

  // State -----------------------------------------------------------------------------------

  const outbox = new Outbox(`wp_outbox_${config.participantId}`);
  const saved = new Map(); // item key -> {value, reason}: what the server has stored
  const itemErrors = new Map(); // item key -> error text of the last rejected submission
  const items = new Map(); // item key -> the controls of a rendered item
  let step = null;
  let sessionStatus = "open";
  let results = null;
  // The scoring step just closed: the phone says so (and keeps its revealed results).
  let lastClosed = null;
  let connection = "connecting"; // connecting | online | offline | refused
  let synced = false;
  let inFlight = null;
  let retryTimer = null;
  let retryDelay = 1000;
  let renderedStepKey = "";
  let countdown = null;
  let progressNode = null;
  let progressBar = null;
  let countdownNode = null;
  let hadOutage = false;
  let connectionTimer = null;
  let resultsShown = false;

  const socket = Live.connect(
    { auth: { token: config.token } },
    {
      onConnect: () => sync(),
      onDisconnect: () => {
        synced = false;
        inFlight = null;
        setConnection("offline");
      },
      onRefused: (code) => refused(code),
      onTrouble: () => setConnection("offline"),
    },
  );

  const proposals = window.Proposals ? window.Proposals.participant({ socket, root, announcer, serverLang }) : null;
  const kindSteps = window.Steps ? window.Steps.participant({ socket, root, announcer }) : null;
  // The chat (assistant.js) shares this connection and tells the form what it recorded.
  Live.participantSocket = socket;
  document.addEventListener("assistant:answer", (event) => {
    const answer = event.detail;
    if (!answer || !answer.focus_area) return;
    const key = itemKey(answer.focus_area, answer.question);
    saved.set(key, { value: answer.value, reason: answer.reason || "" });
    updateItem(key);
    updateProgress();
  });

  socket.on("step:changed", (payload) => {
    if (!payload) return;
    if (payload.server_time) Live.clock.sync(payload.server_time);
    showStep(payload.step, payload.session_status);
  });

  // A facilitator removed this participant: the server refuses everything from now on.
  socket.on("participant:removed", () => {
    socket.disconnect();
    refused("participant_removed");
  });

  socket.on("results:update", (update) => {
    if (!update || !update.results) return;
    results = update.results;
    renderResults();
  });

  async function sync() {
    setConnection("connecting");
    const sentAt = Date.now();
    const ack = await Live.request(socket, "participant:sync", {});
    if (!socket.connected) return;
    if (!ack.ok) {
      if (ack.error === "participant_removed") {
        socket.disconnect();
        refused("participant_removed");
      } else if (ack.error === "unauthorized") {
        refused("invalid_token");
      } else {
        // No answer (or a server error): ask again shortly on the same connection.
        setTimeout(() => socket.connected && !synced && sync(), 2000);
      }
      return;
    }
    Live.clock.sync(ack.server_time, sentAt);
    saved.clear();
    for (const answer of ack.answers || []) {
      saved.set(itemKey(answer.focus_area, answer.question), { value: answer.value, reason: answer.reason || "" });
    }
    if (ack.results) results = ack.results;
    synced = true;
    setConnection("online");
    showStep(ack.step, ack.session.status, true);
    pump();
  }

  // Connection state ------------------------------------------------------------------------

  function setConnection(status) {
    connection = status;
    document.body.dataset.connection = status;
    let text = "";
    if (status === "offline") {
      hadOutage = true;
      text = t.offline;
    } else if (status === "connecting" && hadOutage) {
      text = t.reconnecting;
    } else if (status === "online" && hadOutage) {
      hadOutage = false;
      text = t.reconnected;
      clearTimeout(connectionTimer);
      connectionTimer = setTimeout(() => {
        if (connection === "online") {
          setText(connectionNode, "");
          connectionNode.hidden = true;
        }
      }, 4000);
    }
    if (text || status !== "online") {
      setText(connectionNode, text);
      connectionNode.hidden = !text;
    }
    connectionNode.className = `connection connection--${status}`;
    for (const key of items.keys()) updateItem(key);
  }

  function refused(code) {
    synced = false;
    setConnection("refused");
    connectionNode.hidden = true;
    stopCountdown();
    renderedStepKey = "";
    items.clear();
    root.dataset.view = code === "session_closed" ? "ended" : "refused";
    offerInputs(false);
    if (code === "session_closed") {
      renderMessage(t.endedTitle, t.endedText);
    } else if (code === "participant_removed") {
      renderMessage(t.removedTitle, t.removedText);
    } else {
      const card = renderMessage(t.notJoinedTitle, t.notJoinedText);
      card.append(el("p", {}, el("a", { className: "button", attrs: { href: config.joinUrl }, text: t.joinAgain })));
    }
    if (code === "session_closed") {
      const retry = el("button", { className: "button button--secondary", attrs: { type: "button" }, text: t.tryAgain });
      retry.addEventListener("click", () => socket.connect());
      root.querySelector(".step-card").append(el("p", {}, retry));
    }
  }

  // Steps -----------------------------------------------------------------------------------

  function stepStructureKey(s) {
    if (!s) return "none";
    const areas = (s.focus_areas || []).map((a) => a.key).join(",");
    const questions = (s.questions || []).map((q) => `${q.key}:${q.min}-${q.max}:${q.dont_know}`).join(",");
    return `${s.id}|${s.kind}|${s.title}|${areas}|${questions}`;
  }

  function showStep(newStep, status, fromSync = false) {
    sessionStatus = status || sessionStatus;
    const previousId = step ? step.id : null;
    if (newStep) lastClosed = null;
    else if (step && step.kind === "scoring") lastClosed = step;
    step = sessionStatus === "closed" ? null : newStep;
    if (sessionStatus === "closed") lastClosed = null;
    const key = sessionStatus === "closed" ? "closed" : step ? stepStructureKey(step) : lastClosed ? `after-${lastClosed.id}` : "none";
    const focusWasInside = root.contains(document.activeElement) || document.activeElement === document.body;
    if (key !== renderedStepKey) {
      renderedStepKey = key;
      renderStep();
      if (!fromSync || previousId !== (step ? step.id : null)) {
        if (step && previousId !== step.id) announcer.say(format(t.nowStep, { step: stepName(step) }));
        else if (!step) announcer.say(sessionStatus === "closed" ? t.endedTitle : t.waitingTitle);
      }
      if (previousId !== null) {
        // The old step's content is gone: start the new one from the top, and keep keyboard
        // and screen reader users in place by moving focus to its heading.
        const heading = root.querySelector("h2");
        if (heading && focusWasInside) heading.focus({ preventScroll: true });
        window.scrollTo({ top: 0 });
      }
    } else {
      for (const itemKeyValue of items.keys()) updateItem(itemKeyValue);
      // A reveal (or hiding again) changes no structure: the step kinds fetch or drop results.
      if (kindSteps && step && kindSteps.handles(step.kind)) kindSteps.refresh(step);
    }
    countdownSet(step ? step.timer_ends_at : null);
    renderResults();
  }

  function stepName(s) {
    return Live.stepName(s, t.kinds);
  }

  /** A session that has ended offers no inputs: not the form, not the chat's. */
  function offerInputs(on) {
    for (const id of ["assistant-form", "assistant-replies"]) {
      const node = document.getElementById(id);
      if (node) node.hidden = !on;
    }
    const note = document.getElementById("assistant-ended");
    if (note) note.hidden = on;
    document.body.dataset.session = on ? "open" : "ended";
  }

  function renderMessage(title, text) {
    const card = el(
      "div",
      { className: "step-card step-card--message" },
      el("h2", { id: "step-title", text: title, attrs: { tabindex: "-1" } }),
      el("p", { className: "lead", text }),
    );
    root.replaceChildren(card);
    return card;
  }

  function renderStep() {
    if (proposals) proposals.hide();
    if (kindSteps) kindSteps.hide();
    stopCountdown();
    items.clear();
    progressNode = null;
    progressBar = null;
    root.dataset.view = sessionStatus === "closed" ? "ended" : !step ? "waiting" : step.kind;
    offerInputs(sessionStatus !== "closed");
    if (sessionStatus === "closed") {
      renderMessage(t.endedTitle, t.endedText);
      return;
    }
    if (!step && lastClosed) {
      renderClosedStep();
      return;
    }
    if (!step) {
      renderMessage(t.waitingTitle, t.waitingText);
      return;
    }
    if (proposals && (step.kind === "proposals" || step.kind === "support")) {
      proposals.show(step);
      return;
    }
    if (kindSteps && kindSteps.handles(step.kind)) {
      kindSteps.show(step);
      return;
    }
    if (step.kind !== "scoring") {
      const card = renderMessage(stepName(step), t.kindTexts[step.kind] || t.followScreen);
      if (step.title) card.prepend(el("p", { className: "eyebrow", text: t.kinds[step.kind] || "" }));
      if (step.kind === "indicators") Live.loadFragment(card, `${window.location.pathname.replace(/\/$/, "")}/evidence`);
      // The wrap-up: what the session produced and what happens next (wrapup/views.py).
      if (step.kind === "wrapup") {
        // Its own box: a redraw before the fragment arrives drops the box, not a second copy.
        const box = el("div", { className: "wrapup-box" });
        root.append(box);
        Live.loadFragment(box, `${window.location.pathname.replace(/\/$/, "")}/wrapup`);
      }
      return;
    }
    renderScoring();
  }

  function renderClosedStep() {
    root.dataset.view = "step-closed";
    const card = renderMessage(format(t.stepClosedTitle, { step: stepName(lastClosed) }), t.stepClosedText);
    for (const area of lastClosed.focus_areas || []) {
      card.append(
        el(
          "section",
          { className: "fa-closed", attrs: { "aria-labelledby": `closed-${area.key}` } },
          el("h3", { id: `closed-${area.key}`, text: area.title, attrs: serverLang }),
          el("div", { className: "fa-results", hidden: true, dataset: { focusArea: area.key } }),
        ),
      );
    }
  }

  function renderScoring() {
    const questions = step.questions || [];
    const header = el(
      "div",
      { className: "step-card step-card--intro" },
      // An untitled step is named by its kind: the kind above it again read "ARVIOINTI / Arviointi".
      stepName(step) !== t.kinds.scoring ? el("p", { className: "eyebrow", text: t.kinds.scoring }) : null,
      el("h2", { id: "step-title", text: stepName(step), attrs: { tabindex: "-1", ...(step.title ? serverLang : {}) } }),
      el("p", { text: t.scoringIntro }),
    );
    progressNode = el("span", { className: "progress__text" });
    progressBar = el("span", { className: "progress__fill" });
    const bar = el(
      "div",
      { className: "step-bar" },
      el("div", { className: "progress" }, progressNode, el("span", { className: "progress__track", attrs: { "aria-hidden": "true" } }, progressBar)),
      el("div", { className: "timer timer--compact", id: "timer" }),
    );
    const cards = (step.focus_areas || []).map((area) => renderFocusArea(area, questions));
    root.replaceChildren(header, bar, ...cards);
    updateProgress();
  }

  function stopCountdown() {
    if (countdown) countdown.set(null);
    countdown = null;
    countdownNode = null;
  }

  function countdownSet(endsAt) {
    if (!countdownNode || !root.contains(countdownNode)) {
      countdownNode = root.querySelector("#timer");
      if (!countdownNode) {
        // Non-scoring steps show the timer under the card.
        const card = root.querySelector(".step-card");
        if (!card) return;
        countdownNode = el("div", { className: "timer", id: "timer" });
        card.append(countdownNode);
      }
      countdown = null;
    }
    if (!countdown) countdown = new Live.Countdown(countdownNode, t.timer, (text) => announcer.say(text));
    countdown.set(endsAt);
  }

  function renderFocusArea(area, questions) {
    const headingId = `fa-${area.key}`;
    const card = el(
      "section",
      { className: "fa-card", attrs: { "aria-labelledby": headingId } },
      // The theme is worth naming only when the step's own heading is not that theme.
      area.theme !== stepName(step) ? el("p", { className: "eyebrow", text: area.theme, attrs: serverLang }) : null,
      el("h3", { id: headingId, text: area.title, attrs: serverLang }),
      area.sub_themes && area.sub_themes.length
        ? el("p", { className: "fa-card__subthemes" }, el("span", { className: "visually-hidden", text: `${t.subThemes}: ` }), el("span", { attrs: serverLang, text: area.sub_themes.join(" · ") }))
        : null,
    );
    for (const question of questions) card.append(renderQuestion(area, question));
    card.append(el("div", { className: "fa-results", hidden: true, dataset: { focusArea: area.key } }));
    return card;
  }

  function renderQuestion(area, question) {
    const key = itemKey(area.key, question.key);
    const base = `q-${area.key}-${question.key}`;
    const options = el("div", { className: "score__options" });
    const radios = [];
    const addOption = (value, label, extraClass = "") => {
      const id = `${base}-${value === null ? "dk" : value}`;
      const input = el("input", {
        id,
        attrs: { type: "radio", name: base, value: value === null ? "dk" : String(value) },
      });
      input.addEventListener("change", () => {
        if (input.checked) choose(area, question, value);
      });
      radios.push(input);
      options.append(el("span", { className: `score__option ${extraClass}` }, input, el("label", { attrs: { for: id }, text: label })));
    };
    for (let value = question.min; value <= question.max; value += 1) addOption(value, value);
    if (question.dont_know) addOption(null, t.dontKnow, "score__option--dk");

    const scaleId = `${base}-scale`;
    const statusId = `${base}-status`;
    const reasonId = `${base}-reason`;
    const scale = el(
      "p",
      { className: "score__scale", id: scaleId, attrs: serverLang },
      el("span", {}, `${question.min} = ${question.low_label || ""}`),
      el("span", {}, `${question.max} = ${question.high_label || ""}`),
    );
    const status = el("p", { className: "item-status", id: statusId });
    const reason = el("textarea", {
      id: reasonId,
      attrs: { maxlength: "2000", rows: "3", "aria-describedby": `${reasonId}-hint` },
    });
    const saveReason = el("button", { className: "button button--secondary", attrs: { type: "button" }, text: t.saveReason });
    const details = el(
      "details",
      { className: "reason" },
      el("summary", { text: t.addReason }),
      el("label", { attrs: { for: reasonId }, text: t.reasonLabel }),
      el("p", { className: "meta", id: `${reasonId}-hint`, text: t.reasonHint }),
      reason,
      el("p", { className: "reason__actions" }, saveReason),
    );
    const fieldset = el(
      "fieldset",
      { className: "score", attrs: { "aria-describedby": `${scaleId} ${statusId}` } },
      el("legend", { text: question.text, attrs: serverLang }),
      options,
      scale,
      status,
      details,
    );
    const item = { area, question, fieldset, radios, status, reason, details, shownReason: null };
    items.set(key, item);
    reason.addEventListener("blur", () => submitReason(key));
    saveReason.addEventListener("click", () => submitReason(key, true));
    updateItem(key);
    return fieldset;
  }

  // Answers ---------------------------------------------------------------------------------

  /** What this device currently holds for an item: the newest unacknowledged entry, else the stored answer. */
  function current(key) {
    const pending = outbox.latestFor(key);
    if (pending) return { value: pending.value, reason: pending.reason, pending: true };
    const stored = saved.get(key);
    if (stored) return { value: stored.value, reason: stored.reason, pending: false, saved: true };
    return null;
  }

  function choose(area, question, value) {
    const key = itemKey(area.key, question.key);
    const item = items.get(key);
    enqueue(area.key, question.key, value, item ? item.reason.value : "");
  }

  function submitReason(key, explicit = false) {
    const item = items.get(key);
    if (!item) return;
    const now = current(key);
    const text = item.reason.value;
    if (!now) {
      if (explicit || text.trim()) {
        itemErrors.set(key, t.chooseFirst);
        updateItem(key);
      }
      return;
    }
    if ((now.reason || "") === text) {
      if (explicit) updateItem(key);
      return;
    }
    enqueue(item.area.key, item.question.key, now.value, text);
  }

  function enqueue(focusArea, question, value, reason) {
    if (!step) return;
    const entry = {
      submission_id: Live.newId(),
      step_id: step.id,
      question,
      focus_area: focusArea,
      value,
      reason: (reason || "").slice(0, 2000),
      sent: false,
    };
    const key = itemKey(focusArea, question);
    itemErrors.delete(key);
    outbox.add(entry);
    updateItem(key);
    updateProgress();
    pump();
  }

  /** Send the oldest unacknowledged submission; the next one goes after its ack (keeps order). */
  function pump() {
    if (inFlight || !synced || !socket.connected) return;
    const entry = outbox.first();
    if (!entry) return;
    inFlight = entry.submission_id;
    entry.sent = true;
    outbox.save();
    const { submission_id, step_id, question, focus_area, value, reason } = entry;
    socket.timeout(15000).emit("answer:submit", { submission_id, step_id, question, focus_area, value, reason }, (err, ack) => {
      if (inFlight !== submission_id) return; // the connection dropped meanwhile; resent after sync
      inFlight = null;
      if (err || !ack || typeof ack !== "object") {
        retryLater();
        return;
      }
      handleAck(entry, ack);
    });
  }

  function retryLater() {
    clearTimeout(retryTimer);
    retryTimer = setTimeout(pump, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 15000);
  }

  function handleAck(entry, ack) {
    const key = itemKey(entry.focus_area, entry.question);
    if (ack.ok) {
      retryDelay = 1000;
      outbox.remove(entry.submission_id);
      if (ack.answer) saved.set(key, { value: ack.answer.value, reason: ack.answer.reason || "" });
      itemErrors.delete(key);
      if (!outbox.latestFor(key) && items.has(key)) announcer.say(t.savedAnnouncement);
      updateItem(key);
      updateProgress();
      pump();
      return;
    }
    if (ack.error === "server_error" || ack.error === "busy") {
      // Nothing was saved (busy: the database stayed locked, or too many events at once):
      // the answer stays in the outbox and is sent again after a pause.
      retryLater();
      return;
    }
    if (ack.error === "unauthorized") {
      // The connection lost its participant: reconnect, then everything is resent.
      socket.disconnect().connect();
      return;
    }
    outbox.remove(entry.submission_id);
    const message = t.errors[ack.error] || t.errors.generic;
    itemErrors.set(key, message);
    if (items.has(key)) {
      updateItem(key);
      announcer.say(message);
    } else {
      showLooseError(message);
    }
    updateProgress();
    pump();
  }

  /** An answer to a step that is no longer on screen failed: say so above the step. */
  function showLooseError(message) {
    const line = el("p", { className: "flash flash--error", text: message });
    errorsNode.append(line);
    setTimeout(() => line.remove(), 15000);
  }

  function updateItem(key) {
    const item = items.get(key);
    if (!item) return;
    const now = current(key);
    const wanted = now ? (now.value === null ? "dk" : String(now.value)) : null;
    for (const radio of item.radios) {
      const checked = radio.value === wanted;
      if (radio.checked !== checked) radio.checked = checked;
    }
    const reason = now ? now.reason || "" : "";
    // Fill in the stored reason, but never over what the participant is typing.
    if (document.activeElement !== item.reason && (item.shownReason === null || item.reason.value === item.shownReason)) {
      item.reason.value = reason;
      item.shownReason = reason;
      if (reason && !item.details.open) item.details.open = true;
    }
    const error = itemErrors.get(key);
    let text = "";
    let state = "";
    if (error) {
      text = error;
      state = "error";
    } else if (now && now.pending) {
      text = connection === "online" ? t.saving : t.waitingConnection;
      state = "pending";
    } else if (now && now.saved) {
      text = t.saved;
      state = "saved";
    }
    setText(item.status, text);
    item.status.className = `item-status${state ? ` item-status--${state}` : ""}`;
    item.fieldset.classList.toggle("score--answered", Boolean(now));
  }

  function updateProgress() {
    if (!progressNode || !step) return;
    const total = (step.focus_areas || []).length * (step.questions || []).length;
    let answered = 0;
    for (const area of step.focus_areas || []) {
      for (const question of step.questions || []) if (current(itemKey(area.key, question.key))) answered += 1;
    }
    setText(progressNode, format(t.progress, { answered, total }));
    progressBar.style.width = total ? `${(answered / total) * 100}%` : "0";
  }

  // Results ---------------------------------------------------------------------------------

  const charts = new Map();

  function renderResults() {
    const boxes = root.querySelectorAll(".fa-results");
    const shown = step || lastClosed;
    const visible = Boolean(shown && shown.results_visible && results && results.step_id === shown.id);
    if (visible && !resultsShown && boxes.length) announcer.say(t.resultsShown);
    resultsShown = visible && boxes.length > 0;
    if (!visible) {
      boxes.forEach((box) => {
        box.hidden = true;
      });
      return;
    }
    const byKey = new Map(results.items.map((item) => [itemKey(item.focus_area, item.question), item]));
    boxes.forEach((box) => {
      const areaKey = box.dataset.focusArea;
      if (!box.childElementCount) {
        box.append(el("h4", { text: t.resultsHeading }));
        for (const question of shown.questions) {
          const chart = new Live.DistributionChart(t.chart);
          const mean = el("span", { className: "result__mean" });
          const count = el("span", { className: "result__count" });
          const dontKnow = el("span", { className: "result__count" });
          box.append(
            el(
              "div",
              { className: "result" },
              el("p", { className: "result__question", text: question.text, attrs: serverLang }),
              el("p", { className: "result__stats" }, mean, count, question.dont_know ? dontKnow : null),
              chart.node,
            ),
          );
          charts.set(itemKey(areaKey, question.key), { chart, mean, count, dontKnow, question });
        }
      }
      for (const question of shown.questions) {
        const key = itemKey(areaKey, question.key);
        const entry = charts.get(key);
        const item = byKey.get(key);
        if (!entry || !entry.chart.node.isConnected) continue;
        setText(entry.mean, format(t.mean, { mean: Live.number(item ? item.mean : null) }));
        setText(entry.count, format(t.answers, { count: item ? item.count : 0 }));
        setText(entry.dontKnow, format(t.dontKnowCount, { count: item ? item.dont_know : 0 }));
        entry.chart.update(item, Live.scaleOf(item, question), results.min_group_size);
      }
      box.hidden = false;
    });
  }

  // Start -----------------------------------------------------------------------------------

  window.addEventListener("offline", () => setConnection("offline"));
  document.addEventListener("visibilitychange", () => {
    // Phones freeze background tabs; when the page comes back, make sure nothing is stuck.
    if (document.visibilityState === "visible") {
      if (!socket.connected && !socket.active) socket.connect();
      pump();
    }
  });
  setConnection("connecting");
})();

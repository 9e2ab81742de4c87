/* Open question, poll and prioritisation steps on the phone, the console and the projector.
 *
 * Events (docs/protocol.md): open:submit, choice:submit and step:mine from phones;
 * step:results and open:moderate from staff; steps:update from the server, coalesced per
 * session. Everything a participant typed is put in the page as text, never as HTML.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;
  const KINDS = new Set(["open_question", "poll", "priority"]);
  const lang = () => document.documentElement.lang || "fi";
  const texts = () => Live.readJSON("steps-i18n");

  // Results, drawn alike on every screen ----------------------------------------------------

  /** The label of an option key: the phone's step payload, else the staff update's labels. */
  function labeller(step, update) {
    const names = new Map();
    const config = (step && step.config) || (update && update.config) || {};
    for (const option of config.options || []) names.set(option.key, option.text);
    for (const area of (step && step.focus_areas) || []) if (area && area.key) names.set(area.key, area.title);
    const fromServer = (update && update.labels) || {};
    return (key) => names.get(key) || (fromServer[key] && (fromServer[key][lang()] || fromServer[key].fi)) || key;
  }

  const percent = new Intl.NumberFormat(document.documentElement.lang || "fi", { style: "percent" });

  /** Bars of a poll (option order) or a prioritisation (ranked): a list, each with its number. */
  function bars(results, labelOf, t, ranked) {
    if (results.withheld) {
      return el("p", { className: "kind-note", text: format(t.withheld, { size: results.min_group_size, count: results.respondents }) });
    }
    const top = Math.max(1, ...results.items.map((item) => (results.method === "borda" ? item.points : item.count)));
    const list = el(ranked ? "ol" : "ul", { className: `kind-bars${ranked ? " kind-bars--ranked" : ""}` });
    for (const item of results.items) {
      const value = results.method === "borda" ? item.points : item.count;
      const share = percent.format(results.respondents ? item.count / results.respondents : 0);
      const valueText = results.method === "borda" ? format(t.points, { points: item.points, count: item.count }) : `${item.count} (${share})`;
      // Set through the CSSOM: the pages' CSP refuses style attributes.
      const fill = el("span", { className: "kind-bar__fill" });
      fill.style.width = `${(100 * value) / top}%`;
      list.append(
        el(
          "li",
          { className: "kind-bar" },
          el("span", { className: "kind-bar__label", text: labelOf(item.key) }),
          el("span", { className: "kind-bar__track", attrs: { "aria-hidden": "true" } }, fill),
          el("span", { className: "kind-bar__value", text: valueText }),
        ),
      );
    }
    return list;
  }

  /** The word cloud as what it is: a list of words, each sized by its count (and saying it). */
  function cloud(results, t) {
    if (!results.cloud.length) return el("p", { className: "kind-note", text: t.noApproved });
    return el(
      "ul",
      { className: "kind-cloud", attrs: { "aria-label": t.cloudLabel } },
      ...results.cloud.map((word) =>
        el("li", { className: `kind-cloud__word kind-cloud__word--${word.size}` }, word.word, el("span", { className: "visually-hidden", text: ` (${format(t.timesMentioned, { count: word.count })})` })),
      ),
    );
  }

  function groups(results, t, limit = 0) {
    const list = el("ul", { className: "kind-groups" });
    let shown = 0;
    for (const group of results.groups) {
      const answers = limit ? group.answers.slice(-Math.max(1, limit - shown)) : group.answers;
      if (limit && shown >= limit) break;
      shown += answers.length;
      list.append(
        el(
          "li",
          { className: "kind-group" },
          el("p", { className: "kind-group__word", text: group.word ? format(t.about, { word: group.word, count: group.answers.length }) : t.otherAnswers }),
          el("ul", { className: "kind-group__answers" }, ...answers.map((answer) => el("li", { text: answer.text }))),
        ),
      );
    }
    return list;
  }

  /** Results of a step of one of these kinds, for ``kind``; ``big`` for the projector. */
  function resultsNode(kind, results, labelOf, t, big = false) {
    if (!results) return el("p", { className: "kind-note", text: t.noResults });
    if (kind === "open_question") {
      if (!results.approved) return el("p", { className: "kind-note", text: t.noApproved });
      return el(
        "div",
        { className: "kind-open" },
        el("section", { className: "kind-open__cloud", attrs: { "aria-label": t.cloudHeading } }, el("h3", { className: big ? "visually-hidden" : "kind-subhead", text: t.cloudHeading }), cloud(results, t)),
        el("section", { className: "kind-open__groups", attrs: { "aria-label": t.groupsHeading } }, el("h3", { className: big ? "visually-hidden" : "kind-subhead", text: t.groupsHeading }), groups(results, t, big ? 8 : 0)),
      );
    }
    const method = results.method === "borda" ? t.methodBorda : kind === "priority" ? t.methodCount : "";
    return el(
      "div",
      { className: "kind-choice" },
      el("p", { className: "kind-note", text: format(t.respondents, { count: results.respondents }) + (method ? ` ${method}` : "") }),
      bars(results, labelOf, t, kind === "priority"),
    );
  }

  // The phone -------------------------------------------------------------------------------

  function participant({ socket, root, announcer }) {
    const t = texts();
    let step = null;
    let answers = []; // this participant's open answers
    let choices = [];
    let results = null;
    let nodes = null;

    socket.on("steps:update", (update) => {
      if (!step || !update || update.step_id !== step.id) return;
      results = update.results;
      renderResults();
    });
    socket.on("connect", () => step && load());

    async function load() {
      const ack = await Live.request(socket, "step:mine", { step_id: step.id });
      if (!ack.ok || !step || ack.step_id !== step.id) return;
      answers = ack.answers;
      choices = ack.choices;
      results = ack.results;
      renderMine();
      renderResults();
    }

    function show(newStep) {
      const same = step && step.id === newStep.id;
      step = newStep;
      if (!same) {
        answers = [];
        choices = [];
        results = null;
      }
      render();
      load();
    }

    function hide() {
      step = null;
      nodes = null;
    }

    /** The same step again (its results shown or hidden): fetch its results, or drop them. */
    function refresh(newStep) {
      step = newStep;
      if (step.results_visible) load();
      else {
        results = null;
        renderResults();
      }
    }

    function render() {
      const config = step.config || {};
      const title = el("h2", { id: "step-title", text: config.prompt || Live.stepName(step, t.kinds), attrs: { tabindex: "-1" } });
      const card = el("div", { className: `step-card kind-card kind-card--${step.kind}` }, el("p", { className: "eyebrow", text: t.kinds[step.kind] }), title);
      const status = el("p", { className: "item-status", attrs: { role: "status" } });
      const mine = el("div", { className: "kind-mine" });
      const resultBox = el("section", { className: "kind-results", attrs: { "aria-labelledby": "kind-results-title" } }, el("h3", { id: "kind-results-title", text: t.resultsHeading }));
      nodes = { status, mine, resultBox, form: null, inputs: [] };
      if (step.kind === "open_question") card.append(openForm());
      else card.append(choiceForm());
      card.append(status, mine);
      root.replaceChildren(card, resultBox);
      renderMine();
      renderResults();
    }

    function openForm() {
      const input = el("textarea", { id: "open-answer", attrs: { rows: "3", maxlength: "280", "aria-describedby": "open-answer-help" } });
      const help = el("p", { id: "open-answer-help", className: "meta", text: t.openHelp });
      const form = el(
        "form",
        { className: "kind-form", attrs: { novalidate: true } },
        el("label", { attrs: { for: "open-answer" }, text: t.yourAnswer }),
        input,
        help,
        el("p", { className: "reason__actions" }, el("button", { className: "button", attrs: { type: "submit" }, text: t.send })),
      );
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) return setText(nodes.status, t.errors.text_required);
        setText(nodes.status, t.sending);
        const ack = await Live.request(socket, "open:submit", { step_id: step.id, client_id: form.dataset.clientId || (form.dataset.clientId = Live.newId()), text });
        if (!ack.ok) return setText(nodes.status, t.errors[ack.error] || t.errors.generic);
        delete form.dataset.clientId;
        input.value = "";
        if (!answers.some((a) => a.id === ack.answer.id)) answers.push(ack.answer);
        setText(nodes.status, t.answerSent);
        announcer.say(t.answerSent);
        renderMine();
      });
      return form;
    }

    function options() {
      if (step.kind === "poll") return (step.config.options || []).map((o) => ({ key: o.key, text: o.text }));
      return step.focus_areas.map((a) => ({ key: a.key, text: a.title }));
    }

    function most() {
      if (step.kind === "poll") return step.config.multiple ? options().length : 1;
      return step.config.max_picks || 3;
    }

    function choiceForm() {
      const single = step.kind === "poll" && !step.config.multiple;
      const ranked = step.kind === "priority" && step.config.ranked;
      let hint = single ? t.chooseOne : step.kind === "poll" ? t.chooseMany : format(ranked ? t.pickRanked : t.pickUpTo, { count: most() });
      const legend = el("legend", { text: hint });
      const fieldset = el("fieldset", { className: "kind-options" }, legend);
      const picked = [...choices];
      const inputs = [];
      const update = () => {
        for (const { input, badge, key } of inputs) {
          const place = picked.indexOf(key);
          input.checked = place >= 0;
          setText(badge, ranked && place >= 0 ? `${place + 1}.` : "");
          input.setAttribute("aria-describedby", place >= 0 && ranked ? badge.id : "");
          if (!single) input.disabled = place < 0 && picked.length >= most();
        }
      };
      options().forEach((option, n) => {
        const id = `kind-option-${n}`;
        const input = el("input", { id, attrs: { type: single ? "radio" : "checkbox", name: "kind-option", value: option.key } });
        const badge = el("span", { className: "kind-rank", id: `${id}-rank` });
        input.addEventListener("change", () => {
          const at = picked.indexOf(option.key);
          if (single) picked.splice(0, picked.length, option.key);
          else if (input.checked && at < 0) picked.push(option.key);
          else if (!input.checked && at >= 0) picked.splice(at, 1);
          update();
        });
        inputs.push({ input, badge, key: option.key });
        fieldset.append(el("div", { className: "kind-option" }, input, el("label", { attrs: { for: id } }, badge, " ", option.text)));
      });
      const form = el("form", { className: "kind-form", attrs: { novalidate: true } }, fieldset, el("p", { className: "reason__actions" }, el("button", { className: "button", attrs: { type: "submit" }, text: t.send })));
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        setText(nodes.status, t.sending);
        const ack = await Live.request(socket, "choice:submit", { step_id: step.id, choices: [...picked] });
        if (!ack.ok) return setText(nodes.status, t.errors[ack.error] || t.errors.generic);
        choices = ack.choices;
        nodes.sync(true);
        setText(nodes.status, choices.length ? t.choiceSaved : t.choiceWithdrawn);
        announcer.say(nodes.status.textContent);
      });
      // The saved choice (from step:mine or an ack) replaces the boxes unless the
      // participant has started changing them: their unsent picks are not taken away.
      let touched = false;
      form.addEventListener("change", () => (touched = true));
      nodes.sync = (force = false) => {
        if (touched && !force) return;
        picked.splice(0, picked.length, ...choices);
        update();
      };
      update();
      return form;
    }

    function renderMine() {
      if (!nodes) return;
      if (nodes.sync) nodes.sync();
      if (step.kind !== "open_question") return;
      if (!answers.length) return nodes.mine.replaceChildren();
      nodes.mine.replaceChildren(
        el("h3", { className: "kind-subhead", text: t.yourAnswers }),
        el("ul", { className: "kind-my-answers" }, ...answers.map((a) => el("li", {}, el("span", { text: a.text }), " ", el("span", { className: `badge badge--${a.status === "approved" ? "published" : a.status}`, text: t.status[a.status] || a.status })))),
      );
    }

    function renderResults() {
      if (!nodes) return;
      const shown = Boolean(results);
      nodes.resultBox.hidden = !shown;
      if (!shown) return;
      nodes.resultBox.replaceChildren(nodes.resultBox.firstChild, resultsNode(step.kind, results, labeller(step, null), t));
    }

    return { handles: (kind) => KINDS.has(kind), show, hide, refresh };
  }

  // Staff views: shared watching ------------------------------------------------------------

  const closedInOrder = (state, kinds) => (state ? state.steps.filter((s) => s.status === "closed" && kinds.has(s.kind)) : []);

  /** With no step open, the step whose results stay on the projector: the last closed (in
   * agenda order) of the steps with results, when it is of these kinds. */
  function closedStep(state) {
    const closed = closedInOrder(state, new Set([...KINDS, "scoring"]));
    const last = closed[closed.length - 1];
    return last && KINDS.has(last.kind) ? last : null;
  }

  /** The console's: the open step of these kinds, else the last one of them closed. */
  function consoleStep(state) {
    const open = state ? state.steps.find((s) => s.status === "open") : null;
    if (open && KINDS.has(open.kind)) return open;
    const closed = closedInOrder(state, KINDS);
    return closed[closed.length - 1] || null;
  }

  /** The projector's: the open step of these kinds, else (nothing open) ``closedStep``. */
  function projectorStep(state) {
    const open = state ? state.steps.find((s) => s.status === "open") : null;
    if (open) return KINDS.has(open.kind) ? open : null;
    return closedStep(state);
  }

  /**
   * Follows a session as staff: the step ``pick`` chooses from the agenda (session:state) and
   * its results (steps:update while it is open; step:results, which closed steps keep).
   */
  function watchSteps(socket, sessionId, pick, onChange) {
    let state = null;
    let update = null;
    const openStep = () => (state ? state.steps.find((s) => s.status === "open") || null : null);
    async function refresh() {
      let shown = pick(state);
      if (!shown) {
        update = null;
        return onChange(null, null);
      }
      if (!update || update.step_id !== shown.id) {
        const ack = await Live.request(socket, "step:results", { session_id: sessionId, step_id: shown.id });
        // A steps:update may have come meanwhile: it is newer than this answer.
        if (ack.ok && (!update || update.step_id !== ack.step_id)) update = ack;
        // The state may have changed while waiting (a reveal): draw the state of now.
        shown = pick(state);
        if (!shown) return onChange(null, null);
      }
      onChange(shown, update && update.step_id === shown.id ? update : null);
    }
    socket.on("connect", async () => {
      const ack = await Live.request(socket, "staff:watch", { session_id: sessionId });
      if (!ack.ok) return;
      state = ack.state;
      update = null;
      refresh();
    });
    socket.on("session:state", (newState) => {
      if (!newState || !newState.session || newState.session.id !== sessionId) return;
      state = newState;
      refresh();
    });
    socket.on("steps:update", (newUpdate) => {
      if (!newUpdate || newUpdate.session_id !== sessionId) return;
      update = newUpdate;
      refresh();
    });
    // A closed step's results change only by moderation; they are asked again then.
    const reload = () => {
      update = null;
      refresh();
    };
    return {
      openStep,
      moderate: async (payload) => {
        const ack = await Live.request(socket, "open:moderate", { session_id: sessionId, ...payload });
        const shown = pick(state);
        if (ack.ok && shown && shown.status !== "open") reload();
        return ack;
      },
    };
  }

  // The console -----------------------------------------------------------------------------

  function staff(socket, sessionId) {
    const t = texts();
    const panel = document.getElementById("kind-panel");
    if (!panel) return null;
    const body = document.getElementById("kind-results");
    const heading = document.getElementById("kind-heading");
    let last = null;
    const watcher = watchSteps(socket, sessionId, consoleStep, (open, update) => {
      const active = Boolean(open);
      panel.hidden = !active;
      if (window.Moderation) window.Moderation.setAnswers(active && update ? update.moderation || [] : [], open && update ? open.id : null, watcher);
      if (!active) return;
      const closed = open.status === "closed";
      setText(heading, format(closed ? t.panelHeadingClosed : t.panelHeading, { kind: t.kinds[open.kind] }));
      const key = JSON.stringify([open.id, open.status, update && update.results]);
      if (key === last) return;
      last = key;
      const prompt = (open.config && open.config.prompt) || "";
      body.replaceChildren(
        el("p", { className: "kind-prompt", text: prompt }),
        closed ? el("p", { className: "meta", text: t.stepClosedNote }) : "",
        update && update.moderation ? el("p", { className: "meta", text: format(t.moderationSummary, { count: update.moderation.length, held: update.moderation.filter((a) => a.status === "held").length }) }) : "",
        resultsNode(open.kind, update && update.results, labeller(null, update), t),
      );
    });
    return watcher;
  }

  // The projector ---------------------------------------------------------------------------

  function projector(socket, sessionId) {
    const t = texts();
    const view = document.getElementById("kind-view");
    const root = document.getElementById("projector");
    if (!view) return null;
    window.addEventListener("resize", () => !view.hidden && fit(view));
    return watchSteps(socket, sessionId, projectorStep, (open, update) => {
      const active = Boolean(open);
      view.hidden = !active;
      root.dataset.kind = active ? open.kind : "";
      if (!active) return;
      const prompt = el("h2", { className: "kind-view__prompt", text: (open.config && open.config.prompt) || Live.stepName(open, t.kinds) });
      if (!open.results_shown) {
        const given = update && update.results ? (open.kind === "open_question" ? update.results.approved : update.results.respondents) : 0;
        view.replaceChildren(
          prompt,
          open.status === "open" ? el("p", { className: "kind-view__call", text: open.kind === "open_question" ? t.answerOnPhone : t.chooseOnPhone }) : el("p", { className: "kind-view__call", text: t.stepClosed }),
          el("p", { className: "kind-view__note", text: open.results_mode === "staff" ? t.waitingStaff : open.status === "open" ? t.waitingReveal : t.closedNotRevealed }),
          el("p", { className: "waiting-view__count", text: format(open.kind === "open_question" ? t.approvedSoFar : t.answersSoFar, { count: given }) }),
        );
        fit(view);
        return;
      }
      view.replaceChildren(
        prompt,
        open.status === "closed" ? el("p", { className: "kind-view__note", text: t.stepClosedCall }) : "",
        resultsNode(open.kind, update && update.results, labeller(null, update), t, true),
      );
      fit(view);
    });
  }

  /** Shrink the text until the view fits the screen: a projector cannot scroll. */
  function fit(view) {
    let size = 1;
    view.style.fontSize = "1em";
    while (view.scrollHeight > view.clientHeight + 1 && size > 0.55) {
      size -= 0.05;
      view.style.fontSize = `${size.toFixed(2)}em`;
    }
  }

  window.Steps = { KINDS, participant, staff, projector, resultsNode, closedStep };
})();

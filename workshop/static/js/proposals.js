/* Proposals in a live workshop: the participant's proposal form, the live list with support
 * and oppose buttons, and comment threads (agenda steps "proposals" and "support").
 *
 * participant.js hands over the step container; this module talks to the server itself
 * (proposal:sync, proposal:create, proposal:support, proposal:comment) and follows the
 * coalesced proposals:update broadcasts. A proposal keeps its client_id until the server has
 * acknowledged it, so pressing "Send" again after a lost connection never stores it twice.
 * Participant-typed text is only ever set with textContent.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;

  function participant({ socket, root, announcer, serverLang = {} }) {
    const t = Live.readJSON("proposals-i18n");
    let active = null; // the step shown, or null
    let targets = { elements: [], kinds: {} };
    const proposals = new Map(); // id -> payload
    const mine = new Set();
    const votes = new Map(); // id -> 1 | -1
    const cards = new Map(); // id -> rendered controls
    const myHeldComments = new Map(); // comment id -> own comment waiting for approval
    let listNode = null;
    let emptyNode = null;
    let form = null;
    let pendingClientId = null;
    let sortBy = "newest";
    let areaFilter = "";
    let synced = false;

    socket.on("connect", () => {
      synced = false;
      if (active) sync();
    });
    socket.on("proposals:update", (update) => {
      if (!update || !Array.isArray(update.proposals)) return;
      const visible = new Set(update.proposals.map((p) => p.id));
      for (const [id, proposal] of proposals) {
        // Keep own proposals that wait for approval: the broadcast holds published ones only.
        if (!visible.has(id) && !(mine.has(id) && proposal.status === "held")) proposals.delete(id);
      }
      for (const proposal of update.proposals) proposals.set(proposal.id, withMyHeldComments(proposal));
      renderList();
    });

    /** The broadcast has approved comments only: own held ones stay in their thread, marked. */
    function withMyHeldComments(proposal) {
      const ids = new Set(proposal.comments.map((c) => c.id));
      for (const [id, c] of myHeldComments) {
        if (ids.has(id)) myHeldComments.delete(id); // approved meanwhile
        else if (c.proposal_id === proposal.id) proposal.comments.push(c);
      }
      return proposal;
    }

    async function sync() {
      const ack = await Live.request(socket, "proposal:sync", {});
      if (!ack.ok) {
        if (socket.connected) setTimeout(() => active && !synced && sync(), 2000);
        return;
      }
      synced = true;
      targets = ack.targets || targets;
      proposals.clear();
      myHeldComments.clear();
      for (const proposal of ack.proposals) {
        for (const c of proposal.comments) if (c.held) myHeldComments.set(c.id, c);
        proposals.set(proposal.id, proposal);
      }
      mine.clear();
      for (const id of ack.mine || []) mine.add(id);
      votes.clear();
      for (const [id, value] of Object.entries(ack.votes || {})) votes.set(Number(id), value);
      if (form) fillScopes();
      renderFilter();
      renderList();
    }

    // The step --------------------------------------------------------------------------------

    function show(step) {
      active = step;
      cards.clear();
      const proposing = step.kind === "proposals";
      sortBy = proposing ? "newest" : "support";
      const header = el(
        "div",
        { className: "step-card step-card--intro" },
        el("p", { className: "eyebrow", text: t.kinds[step.kind] || "" }),
        el("h2", { id: "step-title", text: step.title || t.kinds[step.kind], attrs: { tabindex: "-1", ...(step.title ? serverLang : {}) } }),
        el("p", { text: proposing ? t.introPropose : t.introSupport }),
      );
      form = renderForm(proposing);
      const toolbar = el("div", { className: "proposal-toolbar" });
      listNode = el("ol", { className: "proposal-cards", attrs: { "aria-labelledby": "proposals-heading" } });
      emptyNode = el("p", { className: "meta", text: t.none });
      const section = el(
        "section",
        { className: "proposals-live", attrs: { "aria-labelledby": "proposals-heading" } },
        el("h2", { id: "proposals-heading", className: "proposals-live__title", text: t.listHeading }),
        toolbar,
        emptyNode,
        listNode,
      );
      root.replaceChildren(header, form.node, section);
      renderFilter();
      fillScopes();
      renderList();
      if (socket.connected) sync();
    }

    function hide() {
      active = null;
      listNode = null;
      form = null;
      cards.clear();
    }

    // The proposal form -------------------------------------------------------------------------

    function renderForm(open) {
      const id = (name) => `proposal-${name}`;
      const kind = el("select", { id: id("kind"), attrs: { name: "kind", required: true } });
      kind.append(el("option", { attrs: { value: "" }, text: t.chooseKind }));
      // JSON objects arrive with sorted keys: the order of the strategy's structure comes apart.
      for (const value of t.kindOrder || Object.keys(t.kindNames)) kind.append(el("option", { attrs: { value }, text: t.kindNames[value] }));
      const scope = el("select", { id: id("scope"), attrs: { name: "scope" } });
      const target = el("select", { id: id("target"), attrs: { name: "target" } });
      const text = el("textarea", { id: id("text"), attrs: { name: "text", rows: "3", maxlength: "2000" } });
      const value = el("input", { id: id("value"), attrs: { name: "target_value", type: "text", inputmode: "decimal", autocomplete: "off" } });
      const rationale = el("textarea", { id: id("rationale"), attrs: { name: "rationale", rows: "3", maxlength: "4000" } });
      const status = el("p", { className: "item-status", attrs: { role: "status" } });
      const submit = el("button", { className: "button", attrs: { type: "submit" }, text: t.send });
      const textLabel = el("label", { attrs: { for: id("text") }, text: t.textLabel });
      const field = (label, control, hint) =>
        el("div", { className: "field" }, label, hint ? el("p", { className: "meta", id: `${control.id}-hint`, text: hint }) : null, control);
      const scopeField = field(el("label", { attrs: { for: id("scope") }, text: t.scopeLabel }), scope);
      const targetField = field(el("label", { attrs: { for: id("target") }, text: t.targetLabel }), target);
      const textField = field(textLabel, text);
      // Similar proposals of the round, asked as the participant writes (support, not repeat).
      const similarBox = el("div", { className: "similar-box", attrs: { "aria-live": "polite" }, hidden: true });
      textField.append(similarBox);
      const valueField = field(el("label", { attrs: { for: id("value") }, text: t.valueLabel }), value, t.valueHint);
      value.setAttribute("aria-describedby", `${id("value")}-hint`);
      const node = el(
        "form",
        { className: "proposal-form", attrs: { novalidate: true } },
        field(el("label", { attrs: { for: id("kind") }, text: t.kindLabel }), kind),
        scopeField,
        targetField,
        textField,
        valueField,
        field(el("label", { attrs: { for: id("rationale") }, text: t.rationaleLabel }), rationale),
        el("p", { className: "reason__actions" }, submit),
        status,
      );
      const box = el("details", { className: "step-card propose-box", attrs: { open: open || null } }, el("summary", { text: t.newProposal }), node);
      const controls = { node: box, kind, scope, target, text, value, rationale, status, submit, scopeField, targetField, textField, valueField, textLabel, similarBox };
      let similarTimer = null;
      text.addEventListener("input", () => {
        clearTimeout(similarTimer);
        similarTimer = setTimeout(() => checkSimilar(controls), 600);
      });
      text.addEventListener("blur", () => {
        clearTimeout(similarTimer);
        checkSimilar(controls);
      });
      kind.addEventListener("change", () => fillScopes());
      scope.addEventListener("change", () => fillTargets());
      node.addEventListener("submit", (event) => {
        event.preventDefault();
        send();
      });
      return controls;
    }

    /** Ask the server for the round's proposals like the text (Voikko's lemmas, typos read
     * as Voikko's suggestions: workshop/assistant/similar.py) and offer to support them. */
    let similarAsked = "";
    async function checkSimilar(controls) {
      const words = controls.text.value.trim();
      if (words === similarAsked) return;
      similarAsked = words;
      if (words.split(/\s+/).length < 2) return showSimilar(controls, []);
      const token = document.querySelector('input[name="csrf_token"]');
      try {
        const response = await fetch(`${window.location.pathname.replace(/\/$/, "")}/proposals/similar`, {
          method: "POST",
          credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": token ? token.value : "" },
          body: JSON.stringify({ text: words }),
        });
        const data = response.ok ? await response.json() : null;
        if (data && data.ok && similarAsked === words && form === controls) showSimilar(controls, data.similar);
      } catch (error) {
        // Only a hint: the proposal can be sent whatever the check says.
      }
    }

    function showSimilar(controls, found) {
      const box = controls.similarBox;
      box.hidden = !found.length;
      if (!found.length) return box.replaceChildren();
      box.replaceChildren(
        el("p", { className: "similar-box__title", text: t.similarTitle }),
        el(
          "ul",
          { className: "similar-box__list" },
          ...found.map((p) => {
            const said = el("span", { className: "meta", attrs: { role: "status" } });
            const button = el("button", { className: "button button--secondary button--small", attrs: { type: "button" }, text: t.supportThis });
            button.addEventListener("click", async () => {
              const ack = await Live.request(socket, "proposal:support", { proposal_id: p.id, value: 1 });
              if (!ack.ok) return setText(said, t.errors[ack.error] || t.errors.generic);
              votes.set(p.id, 1);
              const known = proposals.get(p.id);
              if (known) {
                known.supports = ack.supports;
                known.opposes = ack.opposes;
              }
              button.hidden = true;
              setText(said, t.supported);
              renderList();
            });
            const meta = [p.focus_area_title, format(t.supportCount, { count: p.supports })].filter(Boolean).join(" · ");
            return el("li", { className: "similar-box__item" }, el("span", { className: "similar-box__text", text: p.text }), el("span", { className: "meta", text: ` ${meta} ` }), votes.get(p.id) === 1 ? el("span", { className: "meta", text: t.supported }) : button, said);
          }),
        ),
      );
    }

    const kindsFor = (kind) => new Set((targets.kinds || {})[kind] || []);

    function scopeName(scope) {
      if (scope === "measures") return t.scopes.measures;
      if (scope === "indicators") return t.scopes.indicators;
      if (scope === "themes") return t.scopes.themes;
      const area = targets.elements.find((e) => e.ref === scope);
      return area ? area.label : scope;
    }

    function fillScopes() {
      if (!form) return;
      const kind = form.kind.value;
      const allowed = kindsFor(kind);
      const scopes = [];
      for (const element of targets.elements) {
        if (allowed.has(element.kind) && !scopes.includes(element.scope)) scopes.push(element.scope);
      }
      const previous = form.scope.value;
      // With a choice to make, nothing is chosen for the participant: a guessed focus area
      // would send a proposal to the wrong place when they miss the field.
      const placeholder = scopes.length > 1 ? [el("option", { attrs: { value: "" }, text: t.chooseScope })] : [];
      form.scope.replaceChildren(...placeholder, ...scopes.map((scope) => el("option", { attrs: { value: scope }, text: scopeName(scope) })));
      form.scope.value = scopes.includes(previous) ? previous : scopes.length === 1 ? scopes[0] : "";
      form.scopeField.hidden = !kind || scopes.length < 2;
      form.valueField.hidden = kind !== "change_target";
      setText(form.textLabel, (t.textLabels || {})[kind] || t.textLabel);
      form.textField.hidden = false;
      fillTargets();
    }

    function fillTargets() {
      if (!form) return;
      const allowed = kindsFor(form.kind.value);
      const scope = form.scope.value;
      const options = targets.elements.filter((e) => e.scope === scope && allowed.has(e.kind));
      const indent = { challenge: "", solution: "– ", action: "" };
      const previous = form.target.value;
      const placeholder = options.length > 1 ? [el("option", { attrs: { value: "" }, text: t.chooseTarget })] : [];
      form.target.replaceChildren(
        ...placeholder,
        ...options.map((e) => el("option", { attrs: { value: e.ref, ...serverLang }, text: `${indent[e.kind] || ""}${e.label}` })),
      );
      form.target.value = options.some((e) => e.ref === previous) ? previous : options.length === 1 ? options[0].ref : "";
      form.targetField.hidden = !form.kind.value || !scope || options.length < 2;
    }

    function parseNumber(text) {
      const cleaned = String(text).replace(/\s/g, "").replace(",", ".");
      if (!cleaned) return null;
      const number = Number(cleaned);
      return Number.isFinite(number) ? number : NaN;
    }

    async function send() {
      if (!form || form.submit.getAttribute("aria-disabled") === "true") return;
      const kind = form.kind.value;
      const value = parseNumber(form.value.value);
      let problem = "";
      if (!kind) problem = t.errors.kind_required;
      else if (!form.scope.value) problem = t.errors.scope_required;
      else if (!form.target.value) problem = t.errors.invalid_target;
      else if (!form.text.value.trim() && kind !== "remove" && !(kind === "change_target" && value !== null)) problem = t.errors.text_required;
      else if (kind === "change_target" && Number.isNaN(value)) problem = t.errors.invalid_value;
      if (problem) {
        showStatus(problem, "error");
        return;
      }
      pendingClientId = pendingClientId || Live.newId().replace(/[^A-Za-z0-9_-]/g, "");
      const payload = {
        client_id: pendingClientId,
        kind,
        target: form.target.value,
        text: form.text.value,
        rationale: form.rationale.value,
      };
      if (kind === "change_target" && value !== null) payload.target_value = value;
      form.submit.setAttribute("aria-disabled", "true");
      showStatus(t.sending, "pending");
      const ack = await Live.request(socket, "proposal:create", payload);
      if (!form) return;
      form.submit.removeAttribute("aria-disabled");
      if (!ack.ok) {
        const text = ack.error === "timeout" || ack.error === "server_error" ? t.errors.not_sent : t.errors[ack.error] || t.errors.generic;
        showStatus(text, "error");
        return;
      }
      pendingClientId = null;
      mine.add(ack.proposal.id);
      proposals.set(ack.proposal.id, ack.proposal);
      form.text.value = "";
      form.rationale.value = "";
      form.value.value = "";
      similarAsked = "";
      showSimilar(form, []);
      const message = ack.proposal.status === "held" ? t.sentHeld : t.sent;
      showStatus(message, "saved");
      announcer.say(message);
      renderFilter();
      renderList();
    }

    function showStatus(text, state) {
      if (!form) return;
      setText(form.status, text);
      form.status.className = `item-status item-status--${state}`;
    }

    // The list ----------------------------------------------------------------------------------

    function renderFilter() {
      if (!listNode) return;
      const toolbar = root.querySelector(".proposal-toolbar");
      if (!toolbar) return;
      const areas = new Map();
      for (const p of proposals.values()) if (p.focus_area) areas.set(p.focus_area, p.focus_area_title);
      const area = el("select", { id: "proposal-filter" });
      area.append(el("option", { attrs: { value: "" }, text: t.allAreas }));
      for (const [key, title] of areas) area.append(el("option", { attrs: { value: key, ...serverLang }, text: title }));
      area.value = areas.has(areaFilter) ? areaFilter : "";
      area.addEventListener("change", () => {
        areaFilter = area.value;
        renderList(true);
      });
      const sort = el("select", { id: "proposal-sort" });
      sort.append(el("option", { attrs: { value: "newest" }, text: t.sortNewest }), el("option", { attrs: { value: "support" }, text: t.sortSupport }));
      sort.value = sortBy;
      sort.addEventListener("change", () => {
        sortBy = sort.value;
        renderList(true);
      });
      toolbar.replaceChildren(
        el("div", { className: "field" }, el("label", { attrs: { for: "proposal-filter" }, text: t.filterLabel }), area),
        el("div", { className: "field" }, el("label", { attrs: { for: "proposal-sort" }, text: t.sortLabel }), sort),
      );
    }

    function ordered() {
      const list = [...proposals.values()].filter((p) => !areaFilter || p.focus_area === areaFilter);
      if (sortBy === "support") list.sort((a, b) => b.supports - b.opposes - (a.supports - a.opposes) || b.id - a.id);
      else list.sort((a, b) => b.id - a.id);
      return list;
    }

    function renderList(reorder = false) {
      if (!listNode || !root.contains(listNode)) return;
      const list = ordered();
      const wanted = new Set(list.map((p) => p.id));
      for (const [id, card] of cards) {
        if (!wanted.has(id)) {
          card.node.remove();
          cards.delete(id);
        }
      }
      const focusInside = listNode.contains(document.activeElement);
      let previous = null;
      for (const proposal of list) {
        let card = cards.get(proposal.id);
        if (!card) {
          card = renderCard(proposal);
          cards.set(proposal.id, card);
        }
        updateCard(card, proposal);
        // Keep cards where they are while someone works inside the list; new ones still appear.
        if (!card.node.isConnected || reorder || !focusInside) {
          const after = previous ? previous.nextSibling : listNode.firstChild;
          if (after !== card.node) listNode.insertBefore(card.node, after);
        }
        previous = card.node;
      }
      emptyNode.hidden = list.length > 0;
    }

    function renderCard(proposal) {
      const base = `proposal-${proposal.id}`;
      const eyebrow = el("p", { className: "eyebrow" });
      const title = el("h3", { id: `${base}-title`, attrs: serverLang });
      const text = el("p", { className: "proposal-card__text" });
      const original = el("p", { className: "meta" });
      const rationale = el("p", { className: "proposal-card__rationale" });
      const who = el("p", { className: "meta" });
      const state = el("p", { className: "proposal-card__state" });
      const support = el("button", { className: "button button--secondary vote vote--support", attrs: { type: "button", "aria-pressed": "false" } });
      const oppose = el("button", { className: "button button--secondary vote vote--oppose", attrs: { type: "button", "aria-pressed": "false" } });
      const voteStatus = el("p", { className: "item-status", attrs: { role: "status" } });
      const comments = el("ul", { className: "comment-list" });
      const summary = el("summary");
      const commentText = el("textarea", { id: `${base}-comment`, attrs: { rows: "2", maxlength: "2000" } });
      const commentButton = el("button", { className: "button button--secondary button--small", attrs: { type: "submit" }, text: t.sendComment });
      const commentStatus = el("p", { className: "item-status", attrs: { role: "status" } });
      const commentForm = el(
        "form",
        { className: "comment-form", attrs: { novalidate: true } },
        el("label", { attrs: { for: `${base}-comment` }, text: t.commentLabel }),
        commentText,
        el("p", { className: "reason__actions" }, commentButton),
        commentStatus,
      );
      const thread = el("details", { className: "reason" }, summary, comments, commentForm);
      const votesNode = el("div", { className: "votes", attrs: { role: "group", "aria-labelledby": `${base}-title` } }, support, oppose);
      const node = el(
        "li",
        { className: "proposal-card", id: base },
        el("article", { attrs: { "aria-labelledby": `${base}-title` } }, eyebrow, title, state, text, original, rationale, who, votesNode, voteStatus, thread),
      );
      const card = { node, eyebrow, title, text, original, rationale, who, state, support, oppose, voteStatus, comments, summary, commentText, commentStatus, commentCount: -1 };
      support.addEventListener("click", () => vote(card, proposal.id, 1));
      oppose.addEventListener("click", () => vote(card, proposal.id, -1));
      commentForm.addEventListener("submit", (event) => {
        event.preventDefault();
        comment(card, proposal.id);
      });
      return card;
    }

    function updateCard(card, p) {
      // The focus area goes above the title only when the title is not the focus area itself.
      const area = p.target !== `focus_area/${p.focus_area}` ? p.focus_area_title : "";
      setText(card.eyebrow, [t.kindShort[p.kind], area].filter(Boolean).join(" · "));
      setText(card.title, p.kind === "add_measure" ? t.scopes.measures : p.target_label);
      const value = p.target_value !== null && p.target_value !== undefined ? ` (${Live.number(p.target_value, Number.isInteger(p.target_value) ? 0 : 2)})` : "";
      setText(card.text, p.text ? `${p.text}${value}` : p.kind === "remove" ? t.removeText : value);
      setText(card.original, p.original_text ? format(t.edited, { text: p.original_text }) : "");
      card.original.hidden = !p.original_text;
      setText(card.rationale, p.rationale ? format(t.rationale, { text: p.rationale }) : "");
      card.rationale.hidden = !p.rationale;
      setText(card.who, p.by_facilitator ? t.byFacilitator : format(t.byGroup, { group: p.group_name }));
      const held = p.status === "held";
      setText(card.state, held ? t.held : p.merged.length ? format(t.mergedCount, { count: p.merged.length }) : "");
      card.state.hidden = !card.state.textContent;
      const mineVote = votes.get(p.id) || 0;
      setText(card.support, format(t.support, { count: p.supports }));
      setText(card.oppose, format(t.oppose, { count: p.opposes }));
      card.support.setAttribute("aria-pressed", String(mineVote === 1));
      card.oppose.setAttribute("aria-pressed", String(mineVote === -1));
      for (const button of [card.support, card.oppose]) button.hidden = held;
      setText(card.summary, format(t.comments, { count: p.comments.length }));
      const commentKey = p.comments.map((c) => `${c.id}${c.held ? "h" : ""}`).join(",");
      if (card.commentCount !== commentKey) {
        card.commentCount = commentKey;
        card.comments.replaceChildren(
          ...p.comments.map((c) =>
            el("li", {}, el("span", { text: c.text }), el("span", { className: "meta", text: ` – ${c.by_facilitator ? t.byFacilitator : c.group_name}` }), c.held ? el("span", { className: "meta comment-held", text: ` (${t.commentHeld})` }) : ""),
          ),
        );
      }
    }

    async function vote(card, id, value) {
      const current = votes.get(id) || 0;
      const next = current === value ? 0 : value; // pressing the pressed button withdraws
      setText(card.voteStatus, t.sending);
      const ack = await Live.request(socket, "proposal:support", { proposal_id: id, value: next });
      if (!ack.ok) {
        setText(card.voteStatus, t.errors[ack.error] || (ack.error === "timeout" ? t.errors.not_sent : t.errors.generic));
        return;
      }
      if (next === 0) votes.delete(id);
      else votes.set(id, next);
      const proposal = proposals.get(id);
      if (proposal) {
        proposal.supports = ack.supports;
        proposal.opposes = ack.opposes;
        updateCard(card, proposal);
      }
      const said = next === 1 ? t.supported : next === -1 ? t.opposed : t.withdrawn;
      setText(card.voteStatus, said);
    }

    async function comment(card, id) {
      const text = card.commentText.value.trim();
      if (!text) {
        setText(card.commentStatus, t.errors.comment_required);
        return;
      }
      setText(card.commentStatus, t.sending);
      const ack = await Live.request(socket, "proposal:comment", { proposal_id: id, text });
      if (!ack.ok) {
        setText(card.commentStatus, ack.error === "timeout" ? t.errors.not_sent : t.errors[ack.error] || t.errors.generic);
        return;
      }
      card.commentText.value = "";
      setText(card.commentStatus, ack.comment.held ? t.commentSentHeld : t.commentSent);
      if (ack.comment.held) myHeldComments.set(ack.comment.id, ack.comment);
      const proposal = proposals.get(id);
      if (proposal && !proposal.comments.some((c) => c.id === ack.comment.id)) {
        proposal.comments.push(ack.comment);
        updateCard(card, proposal);
      }
    }

    return { show, hide };
  }

  /**
   * The facilitator console's live list of the round's proposals (every status), with
   * approval of held ones; full moderation and decisions are on the decisions page.
   */
  function staff(socket, sessionId) {
    const panel = document.getElementById("proposals-panel");
    if (!panel) return null;
    const t = Live.readJSON("proposals-staff-i18n");
    const list = panel.querySelector("#proposals-live-list");
    const summary = panel.querySelector("#proposals-summary");
    const errorNode = panel.querySelector("#proposals-error");

    socket.on("connect", async () => {
      const ack = await Live.request(socket, "proposal:list", { session_id: sessionId });
      if (ack.ok) render(ack.proposals, ack.hold);
    });
    socket.on("proposals:update", (update) => {
      if (update && Array.isArray(update.proposals)) render(update.proposals, update.hold);
    });

    function render(items, hold) {
      const shown = items.filter((p) => p.status !== "merged");
      shown.sort((a, b) => (a.status === "held" ? -1 : 0) - (b.status === "held" ? -1 : 0) || b.supports - b.opposes - (a.supports - a.opposes) || b.id - a.id);
      const held = shown.filter((p) => p.status === "held").length;
      setText(summary, [format(t.count, { count: shown.length }), held ? format(t.heldCount, { count: held }) : "", hold ? t.holding : ""].filter(Boolean).join(" · "));
      const focusId = document.activeElement && list.contains(document.activeElement) ? document.activeElement.dataset.id : null;
      list.replaceChildren(
        ...shown.map((p) => {
          const item = el(
            "li",
            { className: `staff-proposal staff-proposal--${p.status}` },
            el("p", { className: "meta", text: [`#${p.id}`, t.kinds[p.kind], p.focus_area_title, p.group_name || t.facilitator].filter(Boolean).join(" · ") }),
            el("p", { className: "staff-proposal__text", text: p.text || p.target_label }),
            el("p", { className: "staff-proposal__counts", text: format(t.counts, { supports: p.supports, opposes: p.opposes, comments: p.comments.length }) }),
          );
          if (p.status === "held" || p.status === "hidden") {
            item.append(el("p", { className: "staff-proposal__state", text: p.status === "held" ? t.held : format(t.hidden, { reason: p.hidden_reason || "" }) }));
          }
          if (p.status === "held") {
            const approve = el("button", { className: "button button--small", attrs: { type: "button" }, dataset: { id: String(p.id) }, text: t.approve });
            approve.addEventListener("click", () => moderate(p.id, "approve"));
            item.append(approve);
          }
          return item;
        }),
      );
      if (focusId) {
        const again = list.querySelector(`[data-id="${focusId}"]`);
        if (again) again.focus();
      }
    }

    async function moderate(id, action) {
      setText(errorNode, "");
      const ack = await Live.request(socket, "proposal:moderate", { session_id: sessionId, proposal_id: id, action });
      if (!ack.ok) setText(errorNode, t.failed);
    }

    return { render };
  }

  /**
   * The projector during the proposals and support steps: the round's published proposals in
   * large type, newest first while proposing and best supported first while supporting. It
   * marks the projector with data-proposals="on", which the stylesheet uses to give the
   * screen to this view; the projector's own views are left as they are.
   */
  function projector(socket, sessionId) {
    const view = document.getElementById("proposals-view");
    const screen = document.getElementById("projector");
    if (!view || !screen) return null;
    const t = Live.readJSON("proposals-projector-i18n");
    const list = view.querySelector("#projector-proposals");
    const note = view.querySelector("#projector-proposals-note");
    const maxShown = 8;
    let kind = null;
    let items = [];

    socket.on("connect", async () => {
      const ack = await Live.request(socket, "proposal:list", { session_id: sessionId });
      if (!ack.ok) return;
      kind = ack.open_step_kind;
      items = ack.proposals;
      render();
    });
    socket.on("session:state", (state) => {
      if (!state || !state.session || state.session.id !== sessionId) return;
      const open = state.steps.find((s) => s.status === "open");
      kind = open ? open.kind : null;
      render();
    });
    socket.on("proposals:update", (update) => {
      if (!update || !Array.isArray(update.proposals)) return;
      items = update.proposals;
      render();
    });

    function render() {
      const on = kind === "proposals" || kind === "support";
      screen.dataset.proposals = on ? "on" : "off";
      view.hidden = !on;
      if (!on) return;
      const shown = items.filter((p) => p.status === "published");
      if (kind === "support") shown.sort((a, b) => b.supports - b.opposes - (a.supports - a.opposes) || b.id - a.id);
      else shown.sort((a, b) => b.id - a.id);
      setText(note, shown.length ? format(kind === "support" ? t.topSupported : t.newest, { shown: Math.min(shown.length, maxShown), count: shown.length }) : t.none);
      list.replaceChildren(
        ...shown.slice(0, maxShown).map((p) =>
          el(
            "li",
            { className: "p-proposal" },
            el("p", { className: "p-proposal__meta", text: [t.kinds[p.kind], p.focus_area_title || p.target_label, p.group_name].filter(Boolean).join(" · ") }),
            el("p", { className: "p-proposal__text", text: p.text || p.target_label }),
            el("p", { className: "p-proposal__counts", text: format(t.counts, { supports: p.supports, opposes: p.opposes }) }),
          ),
        ),
      );
    }

    return { render };
  }

  window.Proposals = { participant, staff, projector };
})();

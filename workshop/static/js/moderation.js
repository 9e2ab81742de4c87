/* The console's moderation queue: proposals, their comments and open answers in one list.
 *
 * One click approves; Hide asks for a reason from a short list (or "other" with words). The
 * keyboard works the list without the mouse: ↑/↓ move between items, A approves and H hides
 * the focused item, Esc closes the reasons. Held items come first.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;
  const REASONS = ["inappropriate", "personal_data", "off_topic", "duplicate", "other"];

  let t = null;
  let socket = null;
  let sessionId = null;
  let listNode = null;
  let statusNode = null;
  let proposals = [];
  let answers = [];
  let answerStep = null;
  let stepWatcher = null;
  let focusedKey = null;
  let openChooser = null; // the key whose reasons are open

  const HELD_FIRST = { held: 0, published: 1, approved: 1, visible: 1, hidden: 2 };

  function items() {
    const found = [];
    for (const p of proposals) {
      if (p.status === "merged") continue;
      found.push({ key: `p${p.id}`, type: "proposal", id: p.id, text: p.text, status: p.status, reason: p.hidden_reason, at: p.created_at, where: p.focus_area_title || p.target_label });
      for (const c of p.comments || []) {
        found.push({ key: `c${c.id}`, type: "comment", id: c.id, proposalId: p.id, text: c.text, status: c.hidden ? "hidden" : c.held ? "held" : "visible", reason: c.hidden_reason, at: c.created_at, where: p.text });
      }
    }
    for (const a of answers) found.push({ key: `a${a.id}`, type: "answer", id: a.id, text: a.text, status: a.status, reason: a.hidden_reason, at: String(a.id).padStart(12, "0") });
    return found.sort((x, y) => HELD_FIRST[x.status] - HELD_FIRST[y.status] || (y.at || "").localeCompare(x.at || ""));
  }

  function reasonText(item) {
    if (!item.reason) return "";
    if (item.type === "answer") {
      if (item.reason.startsWith("other: ")) return `${t.reasons.other}: ${item.reason.slice(7)}`;
      return t.reasons[item.reason] || item.reason;
    }
    return item.reason;
  }

    /** Redraw the list; while reasons are open a live update waits, so typed words stay. */
  function render(force = false) {
    if (openChooser && !force) {
      return; // closing the reasons redraws
    }
    const all = items();
    const held = all.filter((i) => i.status === "held").length;
    setText(document.getElementById("moderation-summary"), format(t.summary, { held, count: all.length }));
    if (!all.some((i) => i.key === focusedKey)) focusedKey = all.length ? all[0].key : null;
    const focusWasInList = listNode.contains(document.activeElement);
    listNode.replaceChildren(...all.map(itemNode));
    if (!all.length) listNode.append(el("li", { className: "meta", text: t.empty }));
    if (focusWasInList && !openChooser) focusItem(focusedKey);
  }

  /** Held and hidden items can be approved: proposals, comments and open answers alike. */
  function canApproveItem(item) {
    return item.status === "held" || item.status === "hidden";
  }

  function itemNode(item) {
    const canApprove = canApproveItem(item);
    const canHide = item.status !== "hidden";
    const status = item.status === "hidden" ? format(t.hidden, { reason: reasonText(item) }) : t.status[item.status] || "";
    const node = el(
      "li",
      { className: `mod-item mod-item--${item.status}`, attrs: { tabindex: item.key === focusedKey ? "0" : "-1", "data-key": item.key, "aria-label": `${t.types[item.type]}: ${item.text}. ${status}` } },
      el("p", { className: "mod-item__meta" }, el("span", { className: "mod-item__type", text: t.types[item.type] }), " ", el("span", { className: `badge badge--${item.status === "approved" || item.status === "visible" ? "published" : item.status}`, text: status })),
      el("p", { className: "mod-item__text", text: item.text }),
      item.where ? el("p", { className: "meta mod-item__where", text: item.where }) : "",
    );
    const actions = el("p", { className: "button-row mod-item__actions" });
    if (canApprove) {
      const approve = el("button", { className: "button button--small", attrs: { type: "button", tabindex: "-1" }, text: t.approve });
      approve.addEventListener("click", () => act(item, "approve"));
      actions.append(approve);
    }
    if (canHide) {
      const hide = el("button", { className: "button button--secondary button--small", attrs: { type: "button", tabindex: "-1", "aria-expanded": openChooser === item.key ? "true" : "false" }, text: t.hide });
      hide.addEventListener("click", () => chooseReason(item));
      actions.append(hide);
    }
    node.append(actions);
    if (openChooser === item.key) node.append(chooser(item));
    node.addEventListener("focus", () => {
      focusedKey = item.key;
      for (const other of listNode.querySelectorAll(".mod-item")) other.tabIndex = other === node ? 0 : -1;
    });
    return node;
  }

  function chooser(item) {
    const base = `reason-${item.key}`;
    const other = el("input", { id: `${base}-other`, attrs: { type: "text", maxlength: "500" } });
    const fieldset = el(
      "fieldset",
      { className: "mod-reasons" },
      el("legend", { text: t.why }),
      ...REASONS.map((key, n) =>
        el("div", { className: "field--checkbox" }, el("input", { id: `${base}-${key}`, attrs: { type: "radio", name: base, value: key, ...(n === 0 ? { checked: "checked" } : {}) } }), el("label", { attrs: { for: `${base}-${key}` }, text: t.reasons[key] })),
      ),
      el("div", { className: "field" }, el("label", { attrs: { for: `${base}-other` }, text: t.otherLabel }), other),
    );
    const confirm = el("button", { className: "button button--danger button--small", attrs: { type: "submit" }, text: t.confirmHide });
    const cancel = el("button", { className: "button button--secondary button--small", attrs: { type: "button" }, text: t.cancel });
    const form = el("form", { className: "mod-chooser", attrs: { novalidate: true } }, fieldset, el("p", { className: "button-row" }, confirm, cancel));
    cancel.addEventListener("click", closeChooser);
    form.addEventListener("keydown", (event) => {
      event.stopPropagation(); // letters typed here are words, not shortcuts
      if (event.key === "Escape") closeChooser();
    });
    other.addEventListener("input", () => {
      if (other.value.trim()) form.querySelector(`input[value="other"]`).checked = true;
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const reason = form.querySelector(`input[name="${base}"]:checked`).value;
      act(item, "hide", reason, other.value.trim());
    });
    return form;
  }

  function chooseReason(item) {
    openChooser = item.key;
    focusedKey = item.key;
    render(true);
    const first = listNode.querySelector(`[data-key="${item.key}"] .mod-reasons input`);
    if (first) first.focus();
  }

  function closeChooser() {
    openChooser = null;
    render(true);
    focusItem(focusedKey);
  }

  function focusItem(key) {
    const node = key && listNode.querySelector(`[data-key="${key}"]`);
    if (node) node.focus();
  }

  async function act(item, action, reason = "", other = "") {
    if (action === "hide" && reason === "other" && !other) {
      setText(statusNode, t.otherNeeded);
      return;
    }
    setText(statusNode, t.saving);
    let ack;
    if (item.type === "answer") {
      const payload = { step_id: answerStep, answer_id: item.id, action };
      if (action === "hide") Object.assign(payload, { reason }, reason === "other" ? { other } : {});
      ack = await stepWatcher.moderate(payload);
      if (ack.ok) answers = answers.map((a) => (a.id === item.id ? ack.answer : a));
    } else {
      const words = reason === "other" ? `${t.reasons.other}: ${other}` : t.reasons[reason];
      const payload = { session_id: sessionId, proposal_id: item.type === "comment" ? item.proposalId : item.id, action: item.type === "comment" ? `${action}_comment` : action };
      if (action === "hide") payload.reason = words;
      if (item.type === "comment") payload.comment_id = item.id;
      ack = await Live.request(socket, "proposal:moderate", payload);
      if (ack.ok) proposals = proposals.map((p) => (p.id === ack.proposal.id ? { ...p, ...ack.proposal } : p));
    }
    if (!ack.ok) {
      setText(statusNode, t.failed);
      return;
    }
    setText(statusNode, action === "approve" ? t.approved : t.hiddenDone);
    openChooser = null;
    render(true);
    focusItem(focusedKey);
  }

  function onKey(event) {
    if (event.target.closest(".mod-chooser") || event.altKey || event.ctrlKey || event.metaKey) return;
    const nodes = [...listNode.querySelectorAll(".mod-item")];
    const at = nodes.findIndex((n) => n.dataset.key === focusedKey);
    const item = items().find((i) => i.key === focusedKey);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const next = nodes[Math.min(nodes.length - 1, Math.max(0, at + (event.key === "ArrowDown" ? 1 : -1)))];
      if (next) next.focus();
    } else if (item && (event.key === "a" || event.key === "A") && canApproveItem(item)) {
      event.preventDefault();
      act(item, "approve");
    } else if (item && (event.key === "h" || event.key === "H") && item.status !== "hidden") {
      event.preventDefault();
      chooseReason(item);
    }
  }

  function staff(staffSocket, id) {
    listNode = document.getElementById("moderation-list");
    if (!listNode) return;
    t = Live.readJSON("moderation-i18n");
    socket = staffSocket;
    sessionId = id;
    statusNode = document.getElementById("moderation-status");
    listNode.addEventListener("keydown", onKey);
    socket.on("connect", async () => {
      const ack = await Live.request(socket, "proposal:list", { session_id: sessionId });
      if (ack.ok) {
        proposals = ack.proposals;
        render();
      }
    });
    socket.on("proposals:update", (update) => {
      if (!update || !Array.isArray(update.proposals)) return;
      proposals = update.proposals;
      render();
    });
    render();
  }

  /** The open question's answers, from steps.js (its watcher sends open:moderate). */
  function setAnswers(list, stepId, watcher) {
    if (!listNode) return;
    answers = list;
    answerStep = stepId;
    stepWatcher = watcher;
    render();
  }

  window.Moderation = { staff, setAnswers };
})();

/* The review assistant's chat: the log, quick replies and the message box.
 *
 * It shares participant.js's Socket.IO connection (Live.participantSocket). The server keeps
 * the conversation: on every (re)connect the log is reloaded with assistant:history, then
 * assistant:prompt asks what the assistant says by itself (a step opened, or a returning
 * visit); after step:changed the prompt is asked again. See docs/protocol.md.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el } = Live;
  const t = Live.readJSON("assistant-i18n");
  const socket = Live.participantSocket;
  const panel = document.getElementById("assistant");
  const log = document.getElementById("assistant-log");
  const repliesNode = document.getElementById("assistant-replies");
  const form = document.getElementById("assistant-form");
  const input = document.getElementById("assistant-input");
  const tabs = [document.getElementById("tab-form"), document.getElementById("tab-chat")];
  const config = Live.readJSON("live-config");
  const viewKey = `wp_view_${config.participantId}`;
  if (!socket || !panel) return;

  let firstVisit = true;
  let busy = false;

  // Tabs ------------------------------------------------------------------------------------

  function select(tab, focus = false) {
    for (const other of tabs) {
      const chosen = other === tab;
      other.setAttribute("aria-selected", String(chosen));
      other.tabIndex = chosen ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !chosen;
    }
    if (focus) tab.focus();
    try {
      window.localStorage.setItem(viewKey, tab.id);
    } catch (error) {
      // No storage: the choice lasts for this page only.
    }
    if (tab.id === "tab-chat") scrollDown();
  }

  tabs.forEach((tab, index) => {
    tab.addEventListener("click", () => select(tab));
    tab.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
      if (step) {
        event.preventDefault();
        select(tabs[(index + step + tabs.length) % tabs.length], true);
      }
    });
  });
  try {
    const stored = document.getElementById(window.localStorage.getItem(viewKey) || "");
    if (stored && tabs.includes(stored)) select(stored);
  } catch (error) {
    // ignore
  }

  // Log -------------------------------------------------------------------------------------

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  function quoteList(quotes) {
    if (!quotes || !quotes.length) return null;
    return el(
      "ul",
      { className: "chat-quotes" },
      quotes.map((quote) =>
        el(
          "li",
          { className: "chat-quote" },
          // The sentences that answer, and where they stand (theme › focus area › challenge).
          el("blockquote", { text: quote.words || quote.text }),
          el("span", {
            className: "chat-quote__where",
            text: quote.where_label || (quote.focus_area_title ? Live.format(t.quoteFrom, { kind: quote.kind_label, area: quote.focus_area_title }) : quote.kind_label),
          }),
        ),
      ),
    );
  }

  function bubble(message, extraClass = "") {
    const mine = message.role === "user";
    // Quoted elements are shown as a list; the text keeps only its first line then.
    let text = message.quotes && message.quotes.length ? message.text.split("\n")[0] : message.text;
    // A question starts with its focus area: shown as the bubble's title.
    let title = null;
    if (message.intent === "ask") {
      const [first, ...rest] = text.split("\n");
      title = el("strong", { className: "chat-msg__title", text: first });
      text = rest.join("\n");
    }
    return el(
      "div",
      { className: `chat-msg chat-msg--${mine ? "user" : "assistant"} ${extraClass}`.trim() },
      el("span", { className: "visually-hidden", text: `${mine ? t.you : t.assistant}: ` }),
      title,
      el("p", { text }),
      quoteList(message.quotes),
    );
  }

  function showReplies(message) {
    repliesNode.replaceChildren();
    for (const reply of (message && message.quick_replies) || []) {
      repliesNode.append(
        el("button", {
          className: "quick-reply",
          text: reply.label,
          attrs: { type: "button" },
          on: { click: () => send({ reply: reply.value, label: reply.label }) },
        }),
      );
    }
  }

  /** Show messages; fresh ones (not the history) also tell the form what was recorded. */
  function append(messages, fresh = true) {
    for (const message of messages) {
      log.append(bubble(message));
      if (fresh && message.answer) document.dispatchEvent(new CustomEvent("assistant:answer", { detail: message.answer }));
    }
    const last = [...messages].reverse().find((m) => m.role === "assistant");
    if (last) showReplies(last);
    scrollDown();
  }

  // Talking to the server -------------------------------------------------------------------

  async function send(payload) {
    if (busy) return;
    busy = true;
    const shown = payload.text || payload.label;
    const mine = bubble({ role: "user", text: shown }, "chat-msg--pending");
    log.append(mine);
    repliesNode.replaceChildren();
    scrollDown();
    const ack = await inTurn(() => Live.request(socket, "assistant:message", payload));
    busy = false;
    if (!ack.ok) {
      mine.classList.add("chat-msg--error");
      log.append(bubble({ role: "assistant", text: t.notSent }, "chat-msg--error"));
      if (payload.text) input.value = payload.text;
      scrollDown();
      return;
    }
    mine.classList.remove("chat-msg--pending");
    append(ack.messages || []);
  }

  async function prompt(visit = false) {
    const ack = await Live.request(socket, "assistant:prompt", { visit });
    if (ack.ok) append(ack.messages || []);
  }

  async function reload() {
    const ack = await Live.request(socket, "assistant:history", {});
    if (!ack.ok) return;
    log.replaceChildren();
    append(ack.messages || [], false);
    await prompt(firstVisit);
    firstVisit = false;
  }

  // One request at a time: a history that overtook a prompt would wipe its replies.
  let queue = Promise.resolve();
  const inTurn = (task) => {
    queue = queue.then(task, task);
    return queue;
  };
  socket.on("connect", () => inTurn(reload));
  if (socket.connected) inTurn(reload);
  socket.on("step:changed", () => inTurn(() => prompt()));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ text });
  });
  input.addEventListener("keydown", (event) => {
    // Enter sends, Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();

/* The console's live themes: the open scoring step's reasons grouped by what they say.
 *
 * The server computes the themes off the event loop and sends themes:update to the staff
 * room at most once a second, and only when the reasons changed (workshop/synthesis/live.py);
 * this panel only draws the latest one. Participant text is set with textContent only.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;

  function areaTitle(area) {
    const lang = document.documentElement.lang || "fi";
    return (area.titles && (area.titles[lang] || area.titles.fi)) || area.key;
  }

  function drawTheme(theme, t) {
    const item = el("li", { className: "theme" });
    const head = el("p", { className: "theme__label" });
    head.append(el("strong", { text: theme.label }), ` · ${format(t.texts, { count: theme.size })}`);
    item.append(head);
    const quotes = el("ul", { className: "theme__quotes" });
    for (const quote of theme.quotes) quotes.append(el("li", { text: `”${quote}”` }));
    item.append(quotes);
    const groups = Object.entries(theme.by_group || {}).map(([key, count]) => `${key} ${count}`);
    if (theme.other_groups) groups.push(`${t.other_groups} ${theme.other_groups}`);
    if (groups.length) item.append(el("p", { className: "meta", text: `${t.groups}: ${groups.join(", ")}` }));
    return item;
  }

  function watch(socket) {
    const panel = document.getElementById("themes-panel");
    if (!panel) return;
    const t = Live.readJSON("themes-i18n");
    const sessionId = Number(panel.dataset.session);
    const list = document.getElementById("themes-list");
    const meta = document.getElementById("themes-meta");

    socket.on("themes:update", (update) => {
      if (!update || update.session_id !== sessionId) return;
      list.replaceChildren();
      for (const area of update.focus_areas || []) {
        const section = el("section", { className: "themes-area" });
        section.append(el("h3", { text: areaTitle(area) }));
        const themes = el("ol", { className: "said-list" });
        for (const theme of area.themes) themes.append(drawTheme(theme, t));
        section.append(themes);
        if (area.unassigned) section.append(el("p", { className: "meta", text: format(t.other, { count: area.unassigned }) }));
        list.append(section);
      }
      const time = new Date().toLocaleTimeString(document.documentElement.lang || "fi", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
      setText(meta, (update.focus_areas || []).length ? format(t.updated, { time }) : t.waiting);
    });
  }

  window.LiveThemes = { watch };
})();

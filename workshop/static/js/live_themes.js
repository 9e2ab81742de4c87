/* The console's live themes: what many participants wrote in the live step, grouped by
 * meaning, per focus area (docs/protocol.md, "Live themes").
 *
 * The server recomputes the themes in its worker processes at most once a second and only
 * when the texts changed, and sends them to the staff room (themes:update); this panel only
 * draws what arrives. themes:sync asks for them on (re)connect, with the names of focus areas
 * and groups. Participant text is set with textContent only.
 */
(() => {
  "use strict";

  const Live = window.Live;
  const { el, setText, format } = Live;

  function watch(socket, sessionId) {
    const panel = document.getElementById("themes-panel");
    if (!panel) return;
    const t = Live.readJSON("themes-i18n");
    const list = document.getElementById("themes-list");
    const meta = document.getElementById("themes-meta");
    const errorNode = document.getElementById("themes-error");
    let labels = { focus_areas: {}, groups: {} };

    function groupName(key) {
      if (key === "other") return t.otherGroups;
      return labels.groups[key] || key;
    }

    function renderTheme(theme) {
      const groups = Object.entries(theme.by_group || {})
        .map(([key, count]) => format(t.groupCount, { group: groupName(key), count }))
        .join(" · ");
      const facts = [format(theme.size === 1 ? t.oneText : t.texts, { count: theme.size })];
      if (theme.mean_score !== null && theme.mean_score !== undefined) {
        facts.push(format(t.meanScore, { mean: Live.number(theme.mean_score, 1) }));
      }
      return el(
        "li",
        { className: "live-theme" },
        el("p", { className: "live-theme__head" },
          el("bdi", { className: "live-theme__label", text: theme.label }),
          el("span", { className: "live-theme__size", text: facts.join(" · ") })),
        groups ? el("p", { className: "live-theme__groups", text: groups }) : null,
        el("ul", { className: "live-theme__quotes", attrs: { "aria-label": t.quotes } },
          ...(theme.quotes || []).map((quote) => el("li", {}, el("bdi", { className: "live-theme__quote", text: quote })))),
      );
    }

    function renderArea(area) {
      const title = labels.focus_areas[area.key] || area.key;
      const rest = format(t.areaMeta, { texts: area.texts, themes: area.themes_count, other: area.unassigned });
      return el(
        "li",
        { className: "themes-area", dataset: { area: area.key } },
        el("h3", { className: "themes-area__title", text: title }),
        el("p", { className: "meta", text: rest }),
        area.themes.length
          ? el("ol", { className: "themes-area__list" }, ...area.themes.map(renderTheme))
          : el("p", { className: "meta", text: t.noThemesYet }),
      );
    }

    function render(themes) {
      if (!themes || themes.session_id !== sessionId) return;
      if (themes.step_id === null) {
        setText(meta, t.noStep);
        list.replaceChildren();
        return;
      }
      setText(meta, themes.texts ? format(t.summary, { count: themes.texts, size: themes.min_group_size }) : t.none);
      list.replaceChildren(...themes.areas.map(renderArea));
    }

    function sync() {
      socket.timeout(30000).emit("themes:sync", { session_id: sessionId }, (error, ack) => {
        if (error || !ack || !ack.ok) {
          setText(errorNode, t.failed);
          return;
        }
        setText(errorNode, "");
        labels = ack.labels || labels;
        render(ack.themes);
      });
    }

    socket.on("connect", sync);
    socket.on("themes:update", render);
    if (socket.connected) sync();
  }

  window.LiveThemes = { watch };
})();

/* The console's reasons panel: the reasons of the open scoring step (else the last closed) as
 * they arrive, newest first, each with its score, filterable by focus area and group.
 *
 * Answers are never broadcast: results:update (already coalesced per room by the server) only
 * says something changed, and this panel then asks the staff-only JSON endpoint again, at most
 * once every REFRESH_MS with one request in flight (docs/protocol.md, "Reasons"). The group
 * choices come from the server, which offers only groups large enough to be shown alone.
 * Participant text is set with textContent only.
 */
(() => {
  "use strict";

  const REFRESH_MS = 3000;
  const Live = window.Live;
  const { el, setText, format } = Live;

  function watch(socket) {
    const panel = document.getElementById("reasons-panel");
    if (!panel) return;
    const t = Live.readJSON("reasons-i18n");
    const sessionId = Number(panel.dataset.session);
    const url = panel.dataset.url;
    const list = document.getElementById("reasons-list");
    const meta = document.getElementById("reasons-meta");
    const errorNode = document.getElementById("reasons-error");
    const areaSelect = document.getElementById("reasons-area");
    const groupSelect = document.getElementById("reasons-group");

    let inFlight = false;
    let again = false;
    let lastAt = 0;
    let timer = null;
    let stepId = null;

    /** Ask now if allowed, else once when the interval has passed (a burst is one request). */
    function schedule() {
      if (timer) return;
      const wait = Math.max(0, lastAt + REFRESH_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        refresh();
      }, wait);
    }

    async function refresh() {
      if (inFlight) {
        again = true;
        return;
      }
      inFlight = true;
      lastAt = Date.now();
      const query = new URLSearchParams();
      if (areaSelect.value) query.set("focus_area", areaSelect.value);
      if (groupSelect.value) query.set("group", groupSelect.value);
      try {
        const response = await fetch(`${url}?${query}`, { credentials: "same-origin", headers: { Accept: "application/json" } });
        const data = await response.json();
        if (response.status === 400) {
          // A choice the server no longer offers (another step opened): start from "all".
          areaSelect.value = "";
          groupSelect.value = "";
          setText(errorNode, (data.messages || []).join(" ") || t.failed);
          again = true;
        } else if (response.ok) {
          setText(errorNode, "");
          render(data);
        } else {
          setText(errorNode, t.failed);
        }
      } catch (error) {
        setText(errorNode, t.failed);
      } finally {
        inFlight = false;
        if (again) {
          again = false;
          schedule();
        }
      }
    }

    function fillSelect(select, options, allLabel) {
      const key = JSON.stringify(options);
      if (select.dataset.options === key) return;
      select.dataset.options = key;
      const chosen = select.value;
      select.replaceChildren(
        el("option", { attrs: { value: "" }, text: allLabel }),
        ...options.map(([value, label]) => el("option", { attrs: { value }, text: label })),
      );
      select.value = options.some(([value]) => value === chosen) ? chosen : "";
    }

    function render(data) {
      if (data.step_id !== stepId) {
        stepId = data.step_id;
        areaSelect.dataset.options = "";
      }
      const areas = new Map(data.focus_areas.map((a) => [a.key, a.title]));
      const questions = new Map(data.questions.map((q) => [q.key, q.text]));
      const groups = new Map(data.groups.map((g) => [g.value, g.label]));
      fillSelect(areaSelect, data.focus_areas.map((a) => [a.key, a.title]), t.allAreas);
      fillSelect(groupSelect, data.groups.filter((g) => g.value).map((g) => [g.value, g.label]), t.allGroups);
      groupSelect.disabled = data.groups.length < 2;
      const note = document.getElementById("reasons-group-note");
      setText(note, groupSelect.disabled ? format(t.noGroups, { size: data.min_group_size }) : "");
      note.hidden = !groupSelect.disabled;
      if (data.step_id === null) {
        setText(meta, t.noStep);
      } else {
        const step = data.step_closed ? `${data.step_title} ${t.closed}` : data.step_title;
        const count = data.total > data.items.length
          ? format(t.someShown, { shown: data.items.length, total: data.total })
          : format(t.count, { count: data.total });
        setText(meta, `${step}: ${count}`);
      }
      const oneQuestion = data.questions.length < 2;
      list.replaceChildren(
        ...data.items.map((item) => {
          // Only what tells the reasons apart: no area when one is chosen or the step has one.
          const where = [];
          if (!areaSelect.value && areas.size > 1) where.push(areas.get(item.focus_area) || item.focus_area);
          if (!oneQuestion) where.push(questions.get(item.question) || item.question);
          if (item.group && !groupSelect.value) where.push(groups.get(item.group) || "");
          const score = item.value === null ? t.dontKnowShort : String(item.value);
          return el(
            "li",
            { className: "said", dataset: { area: item.focus_area, group: item.group } },
            el("span", { className: "said__score", attrs: { title: t.score } }, el("span", { className: "visually-hidden", text: `${t.score}: ` }), score),
            el("bdi", { className: "said__text", text: item.text }),
            el("span", { className: "said__meta", text: where.filter(Boolean).join(" · ") }),
          );
        }),
      );
      if (!data.items.length && data.step_id !== null) list.append(el("li", { className: "said said--none meta", text: t.none }));
    }

    for (const select of [areaSelect, groupSelect]) select.addEventListener("change", () => refresh());
    socket.on("connect", schedule);
    socket.on("session:state", (state) => state && state.session && state.session.id === sessionId && schedule());
    socket.on("results:update", (update) => update && update.session_id === sessionId && schedule());
    refresh();
  }

  window.Reasons = { watch, REFRESH_MS };
})();

// The participants page: "Choose everyone in this group" ticks every checkbox of the group's
// table (a flood of fake joins lands in one group); without JavaScript the buttons stay hidden.
(() => {
  for (const button of document.querySelectorAll("[data-choose-all]")) {
    const table = document.getElementById(button.dataset.chooseAll);
    if (!table) continue;
    button.hidden = false;
    button.addEventListener("click", () => {
      for (const box of table.querySelectorAll('input[type="checkbox"]')) box.checked = true;
    });
  }
})();

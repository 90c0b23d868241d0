// Progressive enhancement of <select multiple data-country-picker>: a search box that
// narrows a list of native checkboxes, and the chosen countries as removable buttons.
// The select stays in the form (hidden) and holds the value; without JavaScript it is
// a plain multiple select. Wording comes from the select's data-* attributes.
(function () {
  "use strict";
  var counter = 0;
  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) { node.setAttribute(key, attrs[key]); });
    if (text) node.textContent = text;
    return node;
  }
  Array.prototype.forEach.call(document.querySelectorAll("select[multiple][data-country-picker]"), function (select) {
    var id = select.id || "country-picker-" + (++counter);
    var data = select.dataset;
    var box = el("div", { "class": "country-picker" });
    var searchId = id + "-search";
    box.appendChild(el("label", { "for": searchId }, data.searchLabel));
    var help = el("p", { "class": "help", id: id + "-pickhelp" }, data.help);
    box.appendChild(help);
    var search = el("input", { type: "search", id: searchId, autocomplete: "off", "aria-describedby": help.id, "aria-controls": id + "-options" });
    box.appendChild(search);
    var list = el("ul", { "class": "country-options", id: id + "-options" });
    var chosenHeading = el("p", { "class": "country-chosen-label", id: id + "-chosen-label" }, data.chosenLabel);
    var chosen = el("ul", { "class": "country-chosen", "aria-labelledby": chosenHeading.id, "aria-live": "polite" });
    var boxes = [];
    Array.prototype.forEach.call(select.options, function (option, index) {
      var item = el("li");
      var checkbox = el("input", { type: "checkbox", id: id + "-opt-" + index, value: option.value });
      checkbox.checked = option.selected;
      checkbox.addEventListener("change", function () {
        option.selected = checkbox.checked;
        renderChosen();
      });
      item.appendChild(checkbox);
      item.appendChild(el("label", { "for": checkbox.id }, option.text));
      list.appendChild(item);
      boxes.push({ item: item, checkbox: checkbox, option: option, name: option.text.toLowerCase() });
    });
    function renderChosen() {
      chosen.textContent = "";
      var any = false;
      boxes.forEach(function (b) {
        if (!b.option.selected) return;
        any = true;
        var li = el("li");
        var button = el("button", { type: "button", "class": "chip" }, b.option.text + " ×");
        button.setAttribute("aria-label", data.remove.replace("%(country)s", b.option.text));
        button.addEventListener("click", function () {
          b.option.selected = false;
          b.checkbox.checked = false;
          renderChosen();
          search.focus();
        });
        li.appendChild(button);
        chosen.appendChild(li);
      });
      if (!any) chosen.appendChild(el("li", { "class": "note" }, data.noneChosen));
    }
    search.addEventListener("input", function () {
      var term = search.value.trim().toLowerCase();
      boxes.forEach(function (b) { b.item.hidden = term !== "" && b.name.indexOf(term) === -1; });
    });
    box.appendChild(list);
    box.appendChild(chosenHeading);
    box.appendChild(chosen);
    renderChosen();
    // The label and help of the plain select stay for its field; the select itself hides.
    select.hidden = true;
    select.classList.add("is-enhanced");
    select.insertAdjacentElement("afterend", box);
    var oldHelp = document.getElementById(id + "_helptext");
    if (oldHelp) oldHelp.hidden = true;
  });
})();

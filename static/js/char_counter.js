// A live count under each <textarea data-char-counter="…" maxlength="N">. Without
// JavaScript the maxlength alone keeps the limit and the help text states it. Text
// pasted past the limit is cut by the browser: the counter then says so. The
// (translated) wording comes from the data-char-counter and data-char-cut attributes.
(function () {
  "use strict";
  function fill(template, used, max) {
    return template.replace("%(used)s", used).replace("%(max)s", max);
  }
  var areas = document.querySelectorAll("textarea[data-char-counter][maxlength]");
  Array.prototype.forEach.call(areas, function (area) {
    var max = parseInt(area.getAttribute("maxlength"), 10);
    var out = document.createElement("p");
    out.className = "char-count";
    out.id = area.id + "-count";
    out.setAttribute("aria-live", "polite");
    area.insertAdjacentElement("afterend", out);
    var described = area.getAttribute("aria-describedby");
    area.setAttribute("aria-describedby", (described ? described + " " : "") + out.id);
    var cut = false;
    function update() {
      var text = fill(area.dataset.charCounter, area.value.length, max);
      if (cut && area.dataset.charCut) text += " " + fill(area.dataset.charCut, area.value.length, max);
      out.textContent = text;
      out.classList.toggle("char-count-full", area.value.length >= max);
    }
    area.addEventListener("paste", function (event) {
      var pasted = event.clipboardData ? event.clipboardData.getData("text") : "";
      var room = max - area.value.length + (area.selectionEnd - area.selectionStart);
      cut = pasted.length > room;
    });
    area.addEventListener("input", function () {
      update();
      cut = false;
    });
    update();
  });
})();

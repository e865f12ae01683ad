// The feedback form builder, enhanced: only the chosen type's own fields show in an item's form, and a page's items
// can be dragged into a new order (by their number), which posts the page's order to the server as a plain form
// with its CSRF token. Without this file every field shows, named, and the arrow buttons reorder.
(function () {
  "use strict";

  document.querySelectorAll("form[data-item-form]").forEach(function (form) {
    var select = form.querySelector("[data-item-type]");
    if (!select) { return; }
    function show() {
      form.querySelectorAll("[data-for-types]").forEach(function (group) {
        var mine = group.getAttribute("data-for-types").split(" ").indexOf(select.value) >= 0;
        group.hidden = !mine;
      });
    }
    select.addEventListener("change", show);
    show();
  });

  function post(list) {
    var form = document.createElement("form");
    form.method = "post";
    form.action = list.getAttribute("data-url");
    function field(name, value) {
      var input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.appendChild(input);
    }
    field("csrf_token", list.getAttribute("data-csrf"));
    field("page", list.getAttribute("data-page"));
    list.querySelectorAll(":scope > li[data-item-id]").forEach(function (li) {
      field("item", li.getAttribute("data-item-id"));
    });
    document.body.appendChild(form);
    form.submit();
  }

  document.querySelectorAll("ol[data-reorder]").forEach(function (list) {
    var dragged = null;
    var before = "";
    function order() {
      return Array.prototype.map.call(list.querySelectorAll(":scope > li[data-item-id]"), function (li) {
        return li.getAttribute("data-item-id");
      }).join(",");
    }
    list.querySelectorAll(":scope > li[data-item-id]").forEach(function (li) {
      var handle = li.querySelector("[data-drag-handle]");
      if (!handle) { return; }
      handle.style.cursor = "grab";
      handle.addEventListener("mousedown", function () { li.draggable = true; });
      li.addEventListener("dragstart", function (event) {
        dragged = li;
        before = order();
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", li.getAttribute("data-item-id"));
        li.classList.add("opacity-50");
      });
      li.addEventListener("dragend", function () {
        li.classList.remove("opacity-50");
        li.draggable = false;
        if (dragged && order() !== before) { post(list); }
        dragged = null;
      });
      li.addEventListener("dragover", function (event) {
        if (!dragged || dragged === li || dragged.parentNode !== list) { return; }
        event.preventDefault();
        var box = li.getBoundingClientRect();
        var after = event.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? li.nextSibling : li);
      });
      li.addEventListener("drop", function (event) { event.preventDefault(); });
    });
  });
})();

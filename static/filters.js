/* Filters for the activity overview: by day, region, organiser, kind and free text.
   Progressive enhancement: without this script the page lists every activity and the filters
   stay hidden. The choice is kept in the address (?dag=dinsdag&regio=utrecht&zoek=opvang), so a
   filtered view can be shared; the number of matches goes to a live region for screen readers.
   Each item's values are read once and only the items that change are touched, so a year of
   2,000 activities filters in well under 100 ms (see also `.activities > li` in style.css). */
(function () {
  "use strict";

  var box = document.getElementById("filters");
  if (!box || !window.URLSearchParams || !window.history || !history.replaceState) {
    return;
  }

  // The query key of each control, and the item's data attribute it compares with.
  var ATTRIBUTES = { dag: "day", regio: "region", organisator: "organiser", soort: "kind" };

  function fold(text) {
    // Lower case without accents, so that 'cafe' finds 'Café'.
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  var controls = Array.prototype.slice.call(box.querySelectorAll("input[name], select[name]"));
  var search = box.querySelector("input[type=search]");
  var count = box.querySelector(".filter-count");
  var reset = box.querySelector(".filter-reset");
  // The parts of the list (lead-up, days, follow-up), each with its items' values.
  var parts = Array.prototype.map.call(document.querySelectorAll("section[data-part]"),
    function (section) {
      var items = Array.prototype.map.call(section.querySelectorAll("li[data-day]"),
        function (li) {
          var item = { el: li, text: fold(li.textContent), shown: true,
                       id: li.getAttribute("data-activity") || "" };
          Object.keys(ATTRIBUTES).forEach(function (key) {
            item[key] = li.getAttribute("data-" + ATTRIBUTES[key]) || "";
          });
          return item;
        });
      return { el: section, items: items };
    });

  function wanted() {
    var choice = {};
    controls.forEach(function (control) {
      var value = control.value.trim();
      if (value) {
        choice[control.name] = value;
      }
    });
    return choice;
  }

  function matches(item, choice, words) {
    for (var key in ATTRIBUTES) {
      if (choice[key] && item[key] !== choice[key]) {
        return false;
      }
    }
    for (var i = 0; i < words.length; i++) {
      if (item.text.indexOf(words[i]) === -1) {
        return false;
      }
    }
    return true;
  }

  function apply() {
    var choice = wanted();
    var words = choice.zoek ? fold(choice.zoek).split(/\s+/).filter(Boolean) : [];
    var active = Object.keys(choice).length > 0;
    var shown = 0;
    var counted = {};  // an activity of several days is listed under each: count it once
    parts.forEach(function (part) {
      var inPart = 0;
      part.items.forEach(function (item) {
        var show = matches(item, choice, words);
        if (show !== item.shown) {
          item.el.hidden = !show;
          item.shown = show;
        }
        if (show) {
          inPart += 1;
          if (!item.id || !counted[item.id]) {
            counted[item.id] = true;
            shown += 1;
          }
        }
      });
      var hide = active && inPart === 0;
      if (part.el.hidden !== hide) {
        part.el.hidden = hide;
      }
    });
    count.textContent = shown === 0 ? box.getAttribute("data-none")
      : box.getAttribute("data-count").replace("{shown}", String(shown));
    reset.hidden = !active;
    var query = new URLSearchParams();
    controls.forEach(function (control) {
      if (choice[control.name]) {
        query.set(control.name, choice[control.name]);
      }
    });
    var address = location.pathname + (active ? "?" + query.toString() : "") + location.hash;
    if (address !== location.pathname + location.search + location.hash) {
      history.replaceState(null, "", address);
    }
    return shown;
  }

  function readQuery() {
    var query = new URLSearchParams(location.search);
    controls.forEach(function (control) {
      var value = query.get(control.name);
      if (value === null) {
        return;
      }
      if (control.tagName === "SELECT") {
        var known = Array.prototype.some.call(control.options, function (option) {
          return option.value === value;
        });
        control.value = known ? value : "";
      } else {
        control.value = value;
      }
    });
  }

  controls.forEach(function (control) {
    control.addEventListener(control.tagName === "SELECT" ? "change" : "input", apply);
  });
  if (search) {
    // Enter in the search field must not do anything else (there is no form to submit).
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
      }
    });
  }
  reset.addEventListener("click", function () {
    controls.forEach(function (control) {
      control.value = "";
    });
    apply();
    (search || controls[0]).focus();
  });

  readQuery();
  box.hidden = false;
  apply();
})();

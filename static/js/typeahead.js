// Type-ahead for a text input marked data-typeahead-url (accounts.forms.AgencyTypeahead).
//
// The endpoint answers {"results": [{"id": 1, "label": "ABBR — Name"}, ...]} for ?q=.
// The suggestions are an ARIA listbox under the input (arrows, Enter, Escape, mouse); the
// chosen id goes into a hidden input that takes over the field's name, so the form sends
// agency=<id>. Typing without choosing sends the text, which the server resolves (an
// abbreviation or a full name) or answers with a message. Without this script the input
// is a plain text field and the same server-side resolution applies.
(function () {
  "use strict";

  const DELAY_MS = 200;

  function enhance(input) {
    const url = input.getAttribute("data-typeahead-url");
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = input.getAttribute("data-typeahead-id") || input.value;
    input.removeAttribute("name");
    input.after(hidden);

    const wrapper = document.createElement("div");
    wrapper.className = "position-relative";
    input.before(wrapper);
    wrapper.append(input);

    const list = document.createElement("ul");
    list.id = (input.id || hidden.name) + "-suggestions";
    list.className = "dropdown-menu qw-typeahead";
    list.setAttribute("role", "listbox");
    wrapper.append(list);
    const status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    wrapper.append(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    let results = [];
    let active = -1;
    let timer = null;
    let controller = null;

    function close() {
      list.classList.remove("show");
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      const options = list.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        const on = i === index;
        option.classList.toggle("active", on);
        option.setAttribute("aria-selected", on ? "true" : "false");
        if (on) {
          input.setAttribute("aria-activedescendant", option.id);
          option.scrollIntoView({ block: "nearest" });
        }
      });
      active = index;
    }

    function show(items) {
      results = items;
      list.replaceChildren();
      items.forEach(function (item, i) {
        const option = document.createElement("li");
        option.id = list.id + "-" + i;
        option.className = "dropdown-item";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.index = String(i);
        option.textContent = item.label;
        list.append(option);
      });
      if (!items.length) {
        const empty = document.createElement("li");
        empty.className = "dropdown-item-text text-muted";
        empty.textContent = input.getAttribute("data-typeahead-empty") || "—";
        list.append(empty);
      }
      status.textContent = items.length
        ? (input.getAttribute("data-typeahead-found") || "{n}").replace("{n}", items.length)
        : input.getAttribute("data-typeahead-empty") || "";
      list.classList.add("show");
      input.setAttribute("aria-expanded", "true");
      active = -1;
    }

    function choose(index) {
      const item = results[index];
      if (!item) {
        return;
      }
      input.value = item.label;
      hidden.value = String(item.id);
      close();
    }

    function search() {
      const query = input.value.trim();
      if (!query) {
        close();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      const address = new URL(url, window.location.href);
      address.searchParams.set("q", query);
      fetch(address, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : Promise.reject(response.status);
        })
        .then(function (data) {
          if (input.value.trim() === query) {
            show(data.results || []);
          }
        })
        .catch(function () {
          // Aborted or failed: the typed text is still sent and resolved by the server.
        });
    }

    input.addEventListener("input", function () {
      hidden.value = input.value.trim();
      window.clearTimeout(timer);
      timer = window.setTimeout(search, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      const open = list.classList.contains("show");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!open || !results.length) {
          return;
        }
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        highlight((active + step + results.length) % results.length);
      } else if (event.key === "Enter" && open && active >= 0) {
        event.preventDefault(); // choosing a suggestion does not submit the form yet
        choose(active);
      } else if (event.key === "Escape" && open) {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });
    // A click on a suggestion must not blur the input first.
    list.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    list.addEventListener("click", function (event) {
      const option = event.target.closest("[role=option]");
      if (option) {
        choose(Number(option.dataset.index));
      }
    });
  }

  document.querySelectorAll("input[data-typeahead-url]").forEach(enhance);
})();

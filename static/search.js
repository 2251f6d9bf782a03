// The site search (templates/search.html): the Pagefind index that weekgen builds with the site,
// searched in the browser. Pagefind's own script comes from this site, and only once someone
// searches. Without JavaScript the page shows the years instead; with it, the form appears.
const root = document.getElementById("zoeken");
if (root) {
  const form = root.querySelector("form");
  const input = form.querySelector("input[name=q]");
  const status = root.querySelector(".search-status");
  const list = root.querySelector(".search-results");
  const base = root.dataset.base;
  const SHOWN = 30;
  let engine = null;
  let latest = 0;
  let timer = 0;

  form.hidden = false;
  root.querySelector(".search-nojs").hidden = true;

  // The index is a bundle per year and one for the rest of the site (pagefind/bundles.json
  // names them): the first is loaded, the others are merged into it.
  async function pagefind() {
    if (!engine) {
      const listing = await fetch(base + "pagefind/bundles.json");
      if (!listing.ok) throw new Error(listing.statusText);
      const [first, ...others] = (await listing.json()).bundles;
      if (!first) return null;
      const found = await import(`${base}pagefind/${first}/pagefind.js`);
      await found.options({ baseUrl: base });
      for (const name of others) await found.mergeIndex(`${base}pagefind/${name}/`, { baseUrl: base });
      engine = found;
    }
    return engine;
  }

  function say(name, values) {
    let text = root.dataset[name];
    for (const [key, value] of Object.entries(values)) text = text.replace(`{${key}}`, value);
    return text;
  }

  // Pagefind's excerpt is HTML with <mark> around the words found: keep its text and marks only.
  function excerpt(html) {
    const p = document.createElement("p");
    const found = new DOMParser().parseFromString(html, "text/html");
    for (const node of found.body.childNodes) {
      if (node.nodeName === "MARK") {
        const mark = document.createElement("mark");
        mark.textContent = node.textContent;
        p.append(mark);
      } else {
        p.append(node.textContent);
      }
    }
    return p;
  }

  function remember(query) {
    const url = new URL(location.href);
    if (query) url.searchParams.set("q", query);
    else url.searchParams.delete("q");
    history.replaceState(null, "", url);
  }

  async function run(query) {
    const ticket = ++latest;
    remember(query);
    if (!query) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    let results;
    try {
      const index = await pagefind();
      const found = index ? await index.search(query) : { results: [] };
      results = { total: found.results.length,
                  pages: await Promise.all(found.results.slice(0, SHOWN).map((r) => r.data())) };
    } catch (error) {
      if (ticket === latest) status.textContent = say("error", {});
      return;
    }
    if (ticket !== latest) return; // a newer search is under way
    list.replaceChildren(...results.pages.map((page) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = page.url;
      link.textContent = page.meta.title || page.url;
      item.append(link, excerpt(page.excerpt));
      return item;
    }));
    const count = results.total;
    let text = say(count === 0 ? "none" : count === 1 ? "one" : "many", { query, count });
    if (count > SHOWN) text += " " + say("more", { shown: SHOWN });
    status.textContent = text;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(timer);
    run(input.value.trim());
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value.trim()), 250);
  });
  const asked = new URL(location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    run(asked.trim());
  }
}

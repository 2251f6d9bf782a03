// Set before the overview is drawn, so that the filters' space is kept from the start (no shift).
document.documentElement.classList.add("js");

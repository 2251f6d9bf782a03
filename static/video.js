/* weekgen: click-to-load videos (progressive enhancement).
 *
 * A YouTube or Vimeo video is on the page as a placeholder: its title and a link to watch it on the
 * video's own site. Nothing is asked of that site until the visitor chooses to: the page's play
 * button (shown only with scripting) gets its click here, and only that click puts the player in
 * the page (youtube-nocookie.com, or Vimeo with dnt=1). Without JavaScript the link still works.
 * No inline handlers, no other scripts.
 */
(function () {
  "use strict";

  var PLAYERS = /^https:\/\/(www\.youtube-nocookie\.com\/embed\/[A-Za-z0-9_-]{11}|player\.vimeo\.com\/video\/[0-9]+\?dnt=1)$/;

  function play(box, button) {
    var src = box.getAttribute("data-video-src");
    var frame = document.createElement("iframe");
    frame.src = src + (src.indexOf("?") < 0 ? "?" : "&") + "autoplay=1";
    frame.title = box.getAttribute("data-video-title") || "";
    frame.width = "560";
    frame.height = "315";
    frame.className = "video-frame";
    frame.setAttribute("allow", "autoplay; encrypted-media; fullscreen; picture-in-picture");
    frame.setAttribute("allowfullscreen", "");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    button.parentNode.replaceChild(frame, button);
    frame.focus();
  }

  function enhance(box) {
    var button = box.querySelector(".video-play");
    if (!button) {
      return;
    }
    if (!PLAYERS.test(box.getAttribute("data-video-src") || "")) {
      button.parentNode.removeChild(button);  // the link to the video's own site stays
      return;
    }
    button.addEventListener("click", function () {
      play(box, button);
    });
  }

  var boxes = document.querySelectorAll(".video-placeholder[data-video-src]");
  for (var i = 0; i < boxes.length; i += 1) {
    enhance(boxes[i]);
  }
})();

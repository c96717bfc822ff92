// Text from files, documents and users that is shown on a terminal must not
// drive it: control characters (C0, DEL and C1, among them ESC and CSI) would
// move the cursor or clear the screen, and bidirectional overrides and
// isolates (U+202A..U+202E, U+2066..U+2069) reorder what the reader sees.
#pragma once

#include <string>
#include <string_view>

namespace quarry {

enum class ControlStyle {
  escaped,  // messages: shown as \x1b or \u202e, so that a file can still be found by its name
  blank,    // rendered text: a control becomes a space, a bidi control nothing
};

std::string terminal_safe(std::string_view text, ControlStyle style = ControlStyle::escaped);

}  // namespace quarry

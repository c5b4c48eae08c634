// KeyboardEvent.code -> the PC/XT set 1 scancode that QEMU's extended key event takes,
// 0x00nn or 0xE0nn (docs/protocol.md, "Keys"). Source: QEMU's keycode map database
// (keycodemapdb, data/keymaps.csv: columns "HTML code" and "AT set1 keycode"), the data noVNC's
// xtscancodes.js is generated from. One deliberate difference: PrintScreen is 0xE037, the make
// code of a real PC keyboard's Print Screen key, not 0x54 (Alt+SysRq).

export const SCANCODES: Readonly<Record<string, number>> = Object.freeze({
  Escape: 0x01, Digit1: 0x02, Digit2: 0x03, Digit3: 0x04, Digit4: 0x05, Digit5: 0x06,
  Digit6: 0x07, Digit7: 0x08, Digit8: 0x09, Digit9: 0x0a, Digit0: 0x0b, Minus: 0x0c,
  Equal: 0x0d, Backspace: 0x0e, Tab: 0x0f,
  KeyQ: 0x10, KeyW: 0x11, KeyE: 0x12, KeyR: 0x13, KeyT: 0x14, KeyY: 0x15, KeyU: 0x16,
  KeyI: 0x17, KeyO: 0x18, KeyP: 0x19, BracketLeft: 0x1a, BracketRight: 0x1b, Enter: 0x1c,
  ControlLeft: 0x1d,
  KeyA: 0x1e, KeyS: 0x1f, KeyD: 0x20, KeyF: 0x21, KeyG: 0x22, KeyH: 0x23, KeyJ: 0x24,
  KeyK: 0x25, KeyL: 0x26, Semicolon: 0x27, Quote: 0x28, Backquote: 0x29, ShiftLeft: 0x2a,
  Backslash: 0x2b,
  KeyZ: 0x2c, KeyX: 0x2d, KeyC: 0x2e, KeyV: 0x2f, KeyB: 0x30, KeyN: 0x31, KeyM: 0x32,
  Comma: 0x33, Period: 0x34, Slash: 0x35, ShiftRight: 0x36, NumpadMultiply: 0x37,
  AltLeft: 0x38, Space: 0x39, CapsLock: 0x3a,
  F1: 0x3b, F2: 0x3c, F3: 0x3d, F4: 0x3e, F5: 0x3f, F6: 0x40, F7: 0x41, F8: 0x42, F9: 0x43,
  F10: 0x44, NumLock: 0x45, ScrollLock: 0x46,
  Numpad7: 0x47, Numpad8: 0x48, Numpad9: 0x49, NumpadSubtract: 0x4a, Numpad4: 0x4b,
  Numpad5: 0x4c, Numpad6: 0x4d, NumpadAdd: 0x4e, Numpad1: 0x4f, Numpad2: 0x50, Numpad3: 0x51,
  Numpad0: 0x52, NumpadDecimal: 0x53, IntlBackslash: 0x56, F11: 0x57, F12: 0x58,
  NumpadEqual: 0x59, F13: 0x5d, F14: 0x5e, F15: 0x5f, F16: 0x55, F20: 0x5a, F21: 0x74,
  F23: 0x6d, F24: 0x6f, Open: 0x64, Paste: 0x65,
  KanaMode: 0x70, IntlRo: 0x73, Lang5: 0x76, Lang4: 0x77, Lang3: 0x78, Convert: 0x79,
  NonConvert: 0x7b, IntlYen: 0x7d, NumpadComma: 0x7e,
  // Keys sent with the 0xE0 prefix.
  F17: 0xe003, F19: 0xe004, Again: 0xe005, Props: 0xe006, Undo: 0xe007,
  MediaTrackPrevious: 0xe010, MediaTrackNext: 0xe019, NumpadEnter: 0xe01c, ControlRight: 0xe01d,
  AudioVolumeMute: 0xe020, LaunchApp2: 0xe021, MediaPlayPause: 0xe022, MediaStop: 0xe024,
  Suspend: 0xe025, AudioVolumeDown: 0xe02e, AudioVolumeUp: 0xe030, BrowserHome: 0xe032,
  NumpadDivide: 0xe035, PrintScreen: 0xe037, AltRight: 0xe038, Cut: 0xe03c, Find: 0xe041,
  Pause: 0xe046, Home: 0xe047, ArrowUp: 0xe048, PageUp: 0xe049, ArrowLeft: 0xe04b,
  ArrowRight: 0xe04d, End: 0xe04f, ArrowDown: 0xe050, PageDown: 0xe051, Insert: 0xe052,
  Delete: 0xe053, MetaLeft: 0xe05b, MetaRight: 0xe05c, ContextMenu: 0xe05d, Power: 0xe05e,
  Sleep: 0xe05f, WakeUp: 0xe063, BrowserSearch: 0xe065, BrowserFavorites: 0xe066,
  BrowserRefresh: 0xe067, BrowserStop: 0xe068, BrowserForward: 0xe069, BrowserBack: 0xe06a,
  LaunchApp1: 0xe06b, LaunchMail: 0xe06c, MediaSelect: 0xe06d, Help: 0xe075,
  NumpadParenLeft: 0xe076, F18: 0xe077, Copy: 0xe078, F22: 0xe079, NumpadParenRight: 0xe07b,
  Eject: 0xe07d,
  // Older names some browsers still report for the same physical keys.
  OSLeft: 0xe05b, OSRight: 0xe05c, VolumeMute: 0xe020, VolumeDown: 0xe02e, VolumeUp: 0xe030,
});

/** The scancode of a physical key, or undefined for keys the guest cannot receive. */
export function scancodeOf(code: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(SCANCODES, code) ? SCANCODES[code] : undefined;
}

/** Ctrl+Alt+Del as the protocol sends it: three presses, then the releases in reverse. */
export const CTRL_ALT_DEL: ReadonlyArray<{ down: boolean; code: number }> = [
  { down: true, code: 0x1d }, { down: true, code: 0x38 }, { down: true, code: 0xe053 },
  { down: false, code: 0xe053 }, { down: false, code: 0x38 }, { down: false, code: 0x1d },
];

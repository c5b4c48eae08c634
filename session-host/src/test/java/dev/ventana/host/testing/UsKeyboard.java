package dev.ventana.host.testing;

import dev.ventana.host.rfb.RfbClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Types text into a guest as physical key presses of a US keyboard, through our RFB client. */
public final class UsKeyboard {
    private static final int SHIFT = 0x2a;
    private static final int SHIFT_KEYSYM = 0xffe1;
    private static final int ENTER = 0x1c;
    private static final Map<Character, int[]> KEYS = new HashMap<>();

    static {
        String rows = "qwertyuiop";
        for (int i = 0; i < rows.length(); i++) {
            KEYS.put(rows.charAt(i), new int[] {0x10 + i, 0});
        }
        rows = "asdfghjkl";
        for (int i = 0; i < rows.length(); i++) {
            KEYS.put(rows.charAt(i), new int[] {0x1e + i, 0});
        }
        rows = "zxcvbnm";
        for (int i = 0; i < rows.length(); i++) {
            KEYS.put(rows.charAt(i), new int[] {0x2c + i, 0});
        }
        for (char c = 'a'; c <= 'z'; c++) {
            KEYS.put(Character.toUpperCase(c), new int[] {KEYS.get(c)[0], 1});
        }
        String digits = "1234567890";
        String shifted = "!@#$%^&*()";
        for (int i = 0; i < digits.length(); i++) {
            KEYS.put(digits.charAt(i), new int[] {0x02 + i, 0});
            KEYS.put(shifted.charAt(i), new int[] {0x02 + i, 1});
        }
        Object[][] other = {
            {' ', 0x39, 0}, {'-', 0x0c, 0}, {'_', 0x0c, 1}, {'=', 0x0d, 0}, {'+', 0x0d, 1},
            {'[', 0x1a, 0}, {']', 0x1b, 0}, {';', 0x27, 0}, {':', 0x27, 1}, {'\'', 0x28, 0}, {'"', 0x28, 1},
            {'`', 0x29, 0}, {'\\', 0x2b, 0}, {'|', 0x2b, 1}, {',', 0x33, 0}, {'<', 0x33, 1}, {'.', 0x34, 0},
            {'>', 0x34, 1}, {'/', 0x35, 0}, {'?', 0x35, 1}, {'\n', ENTER, 0},
        };
        for (Object[] o : other) {
            KEYS.put((Character) o[0], new int[] {(Integer) o[1], (Integer) o[2]});
        }
    }

    private final RfbClient rfb;

    public UsKeyboard(RfbClient rfb) {
        this.rfb = rfb;
    }

    public void type(String text) throws IOException, InterruptedException {
        for (char c : text.toCharArray()) {
            int[] key = KEYS.get(c);
            if (key == null) {
                throw new IllegalArgumentException("no US key for '" + c + "'");
            }
            int keysym = c == '\n' ? 0xff0d : c;
            if (key[1] == 1) {
                press(SHIFT, SHIFT_KEYSYM, true);
            }
            press(key[0], keysym, true);
            press(key[0], keysym, false);
            if (key[1] == 1) {
                press(SHIFT, SHIFT_KEYSYM, false);
            }
        }
    }

    private void press(int scancode, int keysym, boolean down) throws IOException, InterruptedException {
        rfb.key(scancode, keysym, down);
        // The guest's PS/2 controller holds a few bytes only: a burst of keys loses some.
        Thread.sleep(12);
    }
}

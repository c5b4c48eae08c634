package dev.ventana.host.display;

/** A rectangle of screen pixels; never empty. */
public record Rect(int x, int y, int width, int height) {

    public Rect {
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException("not a rectangle on screen: " + x + "," + y + " " + width + "x" + height);
        }
    }

    public int right() {
        return x + width;
    }

    public int bottom() {
        return y + height;
    }

    public long area() {
        return (long) width * height;
    }

    public boolean contains(Rect other) {
        return other.x >= x && other.y >= y && other.right() <= right() && other.bottom() <= bottom();
    }

    public boolean intersects(Rect other) {
        return other.x < right() && x < other.right() && other.y < bottom() && y < other.bottom();
    }

    /** The overlap, or null when there is none (a rectangle cannot be empty). */
    public Rect intersection(Rect other) {
        int left = Math.max(x, other.x);
        int top = Math.max(y, other.y);
        int r = Math.min(right(), other.right());
        int b = Math.min(bottom(), other.bottom());
        return r > left && b > top ? new Rect(left, top, r - left, b - top) : null;
    }

    public Rect union(Rect other) {
        int left = Math.min(x, other.x);
        int top = Math.min(y, other.y);
        return new Rect(left, top, Math.max(right(), other.right()) - left, Math.max(bottom(), other.bottom()) - top);
    }

    /** True if inside a screen of the given size. */
    public boolean fitsIn(int screenWidth, int screenHeight) {
        return right() <= screenWidth && bottom() <= screenHeight;
    }
}

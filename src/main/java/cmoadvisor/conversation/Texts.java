package cmoadvisor.conversation;

/** Small text helpers shared by the flows. */
final class Texts {
    private Texts() {
    }

    static String shorten(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}

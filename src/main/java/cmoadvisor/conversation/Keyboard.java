package cmoadvisor.conversation;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;

/** What goes under a message: inline buttons, the share-contact keyboard, or nothing. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Keyboard.None.class, name = "none"),
        @JsonSubTypes.Type(value = Keyboard.Buttons.class, name = "buttons"),
        @JsonSubTypes.Type(value = Keyboard.ShareContact.class, name = "contact"),
        @JsonSubTypes.Type(value = Keyboard.Remove.class, name = "remove")
})
public sealed interface Keyboard {

    Keyboard NONE = new None();

    record None() implements Keyboard {
    }

    /** Rows of inline buttons. */
    record Buttons(List<List<Button>> rows) implements Keyboard {
        public Buttons {
            rows = rows.stream().map(List::copyOf).toList();
        }

        public static Buttons column(List<Button> buttons) {
            return new Buttons(buttons.stream().map(List::of).toList());
        }
    }

    /** A reply keyboard with one button that shares the user's phone number. */
    record ShareContact(String label) implements Keyboard {
    }

    /** Removes a reply keyboard shown earlier (after the contact was shared). */
    record Remove() implements Keyboard {
    }
}

package cmoadvisor.conversation;

/** Who sent an event, as the transport knows them; username and names may be missing. */
public record Person(long id, String username, String firstName, String languageCode) {

    /** The person a stored {@link #handle()} stands for. */
    public static Person withHandle(long id, String handle) {
        return handle.startsWith("@") ? new Person(id, handle.substring(1), null, null) : new Person(id, null, handle, null);
    }

    /** "@username", else the first name, else the id: how the agency refers to a person. */
    public String handle() {
        if (username != null && !username.isBlank()) {
            return "@" + username;
        }
        if (firstName != null && !firstName.isBlank()) {
            return firstName;
        }
        return "id" + id;
    }
}

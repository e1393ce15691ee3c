package cmoadvisor.conversation;

/** Who sent an event, as the transport knows them; username and names may be missing. */
public record Person(long id, String username, String firstName, String languageCode) {

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

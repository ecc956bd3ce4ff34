package dev.startle.samples.webfluxmail;

import java.util.List;

/** What is wrong with a request: one entry per problem, each naming the field. Answered with 400. */
public final class InvalidMailRequestException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param field the request field, e.g. {@code to[1]} or {@code attachments[0].base64}
     * @param message what is wrong with it
     */
    public record FieldError(String field, String message) {}

    private final transient List<FieldError> errors;

    /** A request with these problems (at least one). */
    public InvalidMailRequestException(List<FieldError> errors) {
        super(errors.get(0).field() + ": " + errors.get(0).message()
                + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""));
        this.errors = List.copyOf(errors);
    }

    /** The problems, in request order. */
    public List<FieldError> errors() {
        return errors;
    }
}

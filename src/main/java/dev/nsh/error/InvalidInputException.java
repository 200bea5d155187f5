package dev.nsh.error;

/** Bad input, found before anything was changed. The message names the value and the rule. */
public class InvalidInputException extends NshException {
    public InvalidInputException(String message) {
        super(message);
    }
}

package dev.phasecheck.rules.relay;

/**
 * One thing a proxy lost or changed between the two ends of a paired exchange.
 *
 * @param kind      what happened
 * @param direction {@link #TO_CLIENT} or {@link #TO_UPSTREAM}
 * @param received  where the far end received it (the finding's location): the client leg for
 *                  {@code to-client}, the upstream leg for {@code to-upstream}
 * @param sent      where the near end sent it (the finding's related side)
 * @param key       what identifies the item across turns (a later request that repeats it is the same fault)
 * @param what      a short description of the item, for messages ({@code "assistant message msg_1"})
 * @param detail    what differs, for messages
 */
public record Difference(Kind kind, String direction, Side received, Side sent, String key, String what, String detail) {
    public static final String TO_CLIENT = "to-client";
    public static final String TO_UPSTREAM = "to-upstream";

    public enum Kind { PHASE_DROPPED, PHASE_ALTERED, ITEM_DROPPED }
}

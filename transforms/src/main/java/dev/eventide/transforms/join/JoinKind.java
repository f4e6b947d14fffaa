package dev.eventide.transforms.join;

/** Which keys a join keeps: those on both sides, or also those on one side only. */
public enum JoinKind {
  /** Keys on both sides. */
  INNER(false, false),
  /** Every key of the left side; a key with no right value has a null right. */
  LEFT(true, false),
  /** Every key of the right side; a key with no left value has a null left. */
  RIGHT(false, true),
  /** Every key of either side, null on the side that lacks it. */
  FULL(true, true);

  private final boolean keepsLeftOnly;
  private final boolean keepsRightOnly;

  JoinKind(boolean keepsLeftOnly, boolean keepsRightOnly) {
    this.keepsLeftOnly = keepsLeftOnly;
    this.keepsRightOnly = keepsRightOnly;
  }

  /** Whether a key with left values only comes out (with a null right). */
  public boolean keepsLeftOnly() {
    return keepsLeftOnly;
  }

  /** Whether a key with right values only comes out (with a null left). */
  public boolean keepsRightOnly() {
    return keepsRightOnly;
  }
}

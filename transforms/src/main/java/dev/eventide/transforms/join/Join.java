package dev.eventide.transforms.join;

import java.util.Collections;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.NullableCoder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.join.CoGbkResult;
import org.apache.beam.sdk.transforms.join.CoGroupByKey;
import org.apache.beam.sdk.transforms.join.KeyedPCollectionTuple;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TupleTag;

/**
 * Joins a keyed collection (the left side) with another (the right side, given here) on their keys,
 * with {@link CoGroupByKey}: {@code left.apply(Join.of(JoinKind.LEFT, right))}.
 *
 * <p>The rule for the output, as in SQL: per key, one {@code KV<left, right>} for every pair of a
 * left and a right value (a key with two values on each side gives four). A key with values on one
 * side only comes out when the kind keeps that side, once per value, with {@code null} for the
 * missing side; so a null always means "no value on that side", never a value. Values must not be
 * null. Both sides must be windowed alike: a streaming join pairs values of the same window, and a
 * pane of the join holds the pairs of the values that pane of the grouping saw.
 */
public final class Join<K, L, R> extends PTransform<PCollection<KV<K, L>>, PCollection<KV<K, KV<L, R>>>> {

  private final JoinKind kind;
  private final PCollection<KV<K, R>> right;

  private Join(JoinKind kind, PCollection<KV<K, R>> right) {
    this.kind = kind;
    this.right = right;
  }

  public static <K, L, R> Join<K, L, R> of(JoinKind kind, PCollection<KV<K, R>> right) {
    return new Join<>(kind, right);
  }

  public static <K, L, R> Join<K, L, R> inner(PCollection<KV<K, R>> right) {
    return of(JoinKind.INNER, right);
  }

  public static <K, L, R> Join<K, L, R> leftOuter(PCollection<KV<K, R>> right) {
    return of(JoinKind.LEFT, right);
  }

  public static <K, L, R> Join<K, L, R> rightOuter(PCollection<KV<K, R>> right) {
    return of(JoinKind.RIGHT, right);
  }

  public static <K, L, R> Join<K, L, R> fullOuter(PCollection<KV<K, R>> right) {
    return of(JoinKind.FULL, right);
  }

  @Override
  public PCollection<KV<K, KV<L, R>>> expand(PCollection<KV<K, L>> left) {
    KvCoder<K, L> leftCoder = (KvCoder<K, L>) left.getCoder();
    KvCoder<K, R> rightCoder = (KvCoder<K, R>) right.getCoder();
    TupleTag<L> leftTag = new TupleTag<>("left");
    TupleTag<R> rightTag = new TupleTag<>("right");
    Coder<KV<L, R>> pairCoder =
        KvCoder.of(NullableCoder.of(leftCoder.getValueCoder()), NullableCoder.of(rightCoder.getValueCoder()));
    return KeyedPCollectionTuple.of(leftTag, left)
        .and(rightTag, right)
        .apply("CoGroupByKey", CoGroupByKey.create())
        .apply("Pair " + kind.name().toLowerCase(java.util.Locale.ROOT), ParDo.of(new PairFn<>(kind, leftTag, rightTag)))
        .setCoder(KvCoder.of(leftCoder.getKeyCoder(), pairCoder));
  }

  private static final class PairFn<K, L, R> extends DoFn<KV<K, CoGbkResult>, KV<K, KV<L, R>>> {
    private final JoinKind kind;
    private final TupleTag<L> leftTag;
    private final TupleTag<R> rightTag;

    PairFn(JoinKind kind, TupleTag<L> leftTag, TupleTag<R> rightTag) {
      this.kind = kind;
      this.leftTag = leftTag;
      this.rightTag = rightTag;
    }

    @ProcessElement
    public void process(@Element KV<K, CoGbkResult> grouped, OutputReceiver<KV<K, KV<L, R>>> out) {
      Iterable<L> lefts = grouped.getValue().getAll(leftTag);
      Iterable<R> rights = grouped.getValue().getAll(rightTag);
      boolean hasLeft = lefts.iterator().hasNext();
      boolean hasRight = rights.iterator().hasNext();
      if (!hasLeft && !kind.keepsRightOnly() || !hasRight && !kind.keepsLeftOnly()) {
        return;
      }
      Iterable<L> leftsOrNull = hasLeft ? lefts : Collections.singletonList(null);
      Iterable<R> rightsOrNull = hasRight ? rights : Collections.singletonList(null);
      for (L l : leftsOrNull) {
        for (R r : rightsOrNull) {
          out.output(KV.of(grouped.getKey(), KV.of(l, r)));
        }
      }
    }
  }
}

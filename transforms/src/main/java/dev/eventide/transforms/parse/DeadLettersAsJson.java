package dev.eventide.transforms.parse;

import dev.eventide.transforms.model.DeadLetter;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Dead letters as JSON lines {@code {"input":"<the line as read>","error":"<reason>"}}. */
public final class DeadLettersAsJson extends PTransform<PCollection<DeadLetter>, PCollection<String>> {

  public static DeadLettersAsJson create() {
    return new DeadLettersAsJson();
  }

  @Override
  public PCollection<String> expand(PCollection<DeadLetter> letters) {
    return letters
        .apply("ToJsonLine", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::toJson))
        .setCoder(StringUtf8Coder.of());
  }
}

package dev.eventide.transforms.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;

/** An input record that could not be used: the text as read and why it was rejected. */
public record DeadLetter(String input, String error) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code {"input":"<the line as read>","error":"<reason>"}}. */
  public String toJson() {
    ObjectNode node = JSON.createObjectNode();
    node.put("input", input);
    node.put("error", error);
    return node.toString();
  }

  /** Coder for dead letters. */
  public static final class DeadLetterCoder extends AtomicCoder<DeadLetter> {
    private static final DeadLetterCoder INSTANCE = new DeadLetterCoder();
    private static final StringUtf8Coder TEXT = StringUtf8Coder.of();

    public static DeadLetterCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(DeadLetter letter, OutputStream out) throws IOException {
      TEXT.encode(letter.input(), out);
      TEXT.encode(letter.error(), out);
    }

    @Override
    public DeadLetter decode(InputStream in) throws IOException {
      return new DeadLetter(TEXT.decode(in), TEXT.decode(in));
    }

    @Override
    public void verifyDeterministic() {}
  }
}

package dev.eventide.pipelines;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.greaterThan;

import java.beans.Introspector;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README and {@code docs/} stay true: every link between the pages (and to files of the
 * repository) resolves, anchors included, and every {@code scripts/run.sh} or {@code
 * scripts/submit.sh} command in a code block names a script that exists, a job that exists, and
 * options that job (or Beam, or the FlinkRunner) has.
 */
class DocsTest {

  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern OPTION = Pattern.compile("^--([A-Za-z][A-Za-z0-9]*)(=.*)?$");
  private static final Pattern SCRIPT = Pattern.compile("scripts/[\\w-]+\\.sh");
  private static final Pattern SUBCOMMAND = Pattern.compile("[a-z][a-z-]*");
  // Where one shell command ends and the next begins, in a line of a code block.
  private static final Pattern SEPARATOR = Pattern.compile("&&|\\|\\||;|\\||&|\\$\\(|\\)|<|>");

  private static Path root;
  private static List<Path> pages;

  @BeforeAll
  static void findThePages() throws IOException {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !(Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no README.md with a docs/ folder above " + Path.of("").toAbsolutePath());
    }
    root = dir;
    pages = new ArrayList<>(List.of(root.resolve("README.md")));
    try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
      files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
  }

  @Test
  void everyLinkBetweenThePagesResolvesAnchorsIncluded() throws IOException {
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      Matcher link = LINK.matcher(Files.readString(page));
      while (link.find()) {
        String target = link.group(1);
        if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
          continue;
        }
        links++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(root.relativize(page) + ": " + target + " (no such file)");
        } else if (hash >= 0 && resolved.toString().endsWith(".md") && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(root.relativize(page) + ": " + target + " (no such heading)");
        }
      }
    }
    assertThat(links, greaterThan(20));
    assertThat(broken, empty());
  }

  @Test
  void everyJobCommandNamesAScriptAJobAndOptionsThatExist() throws IOException {
    List<String> wrong = new ArrayList<>();
    int commands = 0;
    for (Path page : pages) {
      for (String command : commandsIn(Files.readString(page))) {
        List<String> words = words(command);
        int script = words.indexOf("scripts/run.sh");
        if (script < 0) {
          script = words.indexOf("scripts/submit.sh");
        }
        if (script < 0) {
          continue;
        }
        commands++;
        if (!Files.isRegularFile(root.resolve(words.get(script)))) {
          wrong.add(root.relativize(page) + ": no " + words.get(script));
        }
        // The job is the first word after the script that is no option of the script itself.
        int at = script + 1;
        while (at < words.size() && words.get(at).startsWith("--") && !Launcher.JOBS.containsKey(words.get(at))) {
          at++;
        }
        if (at >= words.size() || words.get(at).startsWith("<")) {
          continue; // "scripts/run.sh <job> ..." or the script's own usage
        }
        Job<?> job = Launcher.JOBS.get(words.get(at));
        if (job == null) {
          wrong.add(root.relativize(page) + ": no job '" + words.get(at) + "' in: " + command);
          continue;
        }
        Set<String> known = optionsOf(job.optionsClass());
        for (String word : words.subList(at + 1, words.size())) {
          Matcher option = OPTION.matcher(word);
          if (option.matches() && !known.contains(option.group(1)) && !option.group(1).equals("help")) {
            wrong.add(root.relativize(page) + ": the " + job.name() + " job has no option --" + option.group(1) + " in: " + command);
          }
        }
      }
    }
    assertThat(commands, greaterThan(20));
    assertThat(wrong, empty());
  }

  /**
   * Every other script a page runs exists, takes the subcommand it is given, and knows its options:
   * an option must be in the script's text or in the source of a Java class the script runs, and
   * the options after a job's name (as in {@code flink-cluster.sh start-application sales ...})
   * must be that job's. And every script a page names anywhere, in prose too, exists.
   */
  @Test
  void everyOtherScriptCommandNamesAScriptASubcommandAndOptionsItTakes() throws IOException {
    List<String> wrong = new ArrayList<>();
    int commands = 0;
    for (Path page : pages) {
      String text = Files.readString(page);
      Matcher named = SCRIPT.matcher(text);
      while (named.find()) {
        if (!Files.isRegularFile(root.resolve(named.group()))) {
          wrong.add(root.relativize(page) + ": no " + named.group());
        }
      }
      for (String command : commandsIn(text)) {
        for (String segment : SEPARATOR.split(command)) {
          List<String> words = words(segment);
          if (words.isEmpty() || !SCRIPT.matcher(words.get(0)).matches()
              || words.get(0).equals("scripts/run.sh") || words.get(0).equals("scripts/submit.sh")) {
            continue;
          }
          Path script = root.resolve(words.get(0));
          if (!Files.isRegularFile(script)) {
            continue; // reported above
          }
          commands++;
          String known = knownText(script);
          // Only a script whose usage takes a <job> runs one; elsewhere "sales" is a topic's name.
          boolean runsJobs = known.contains("<job>");
          Job<?> job = null;
          for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            Matcher option = OPTION.matcher(word);
            if (runsJobs && job == null && Launcher.JOBS.containsKey(word)) {
              job = Launcher.JOBS.get(word);
            } else if (option.matches()) {
              String name = option.group(1);
              boolean ok = job == null ? known.contains("--" + name) : optionsOf(job.optionsClass()).contains(name);
              if (!ok && !name.equals("help")) {
                wrong.add(root.relativize(page) + ": " + words.get(0) + (job == null ? "" : " " + job.name())
                    + " takes no option --" + name + " in: " + segment.strip());
              }
            } else if (i == 1 && SUBCOMMAND.matcher(word).matches()
                && !Pattern.compile("(?<![\\w-])" + Pattern.quote(word) + "(?![\\w-])").matcher(known).find()) {
              wrong.add(root.relativize(page) + ": " + words.get(0) + " has no subcommand '" + word + "' in: " + segment.strip());
            }
          }
        }
      }
    }
    assertThat(commands, greaterThan(20));
    assertThat(wrong, empty());
  }

  /** A script's text, with the sources of the Eventide classes it runs (their options and usage). */
  private static String knownText(Path script) throws IOException {
    StringBuilder text = new StringBuilder(Files.readString(script));
    Matcher type = Pattern.compile("dev\\.eventide\\.[\\w.]+").matcher(text.toString());
    Set<String> classes = new HashSet<>();
    while (type.find()) {
      classes.add(type.group().replace('.', '/') + ".java");
    }
    for (String source : classes) {
      for (String module : List.of("pipelines", "transforms", "scripts/bench")) {
        Path file = root.resolve(module).resolve("src/main/java").resolve(source);
        if (Files.isRegularFile(file)) {
          text.append('\n').append(Files.readString(file));
        }
      }
    }
    return text.toString();
  }

  /** The commands of the page's code blocks, continuation lines joined, comments dropped. */
  private static List<String> commandsIn(String page) {
    List<String> commands = new ArrayList<>();
    boolean code = false;
    StringBuilder command = new StringBuilder();
    for (String line : page.split("\n")) {
      if (line.startsWith("```")) {
        code = !code;
        continue;
      }
      if (!code) {
        continue;
      }
      String text = line.replaceAll("\\s+#.*$", "").strip();
      if (text.endsWith("\\")) {
        command.append(text, 0, text.length() - 1).append(' ');
        continue;
      }
      command.append(text);
      commands.add(command.toString());
      command.setLength(0);
    }
    return commands;
  }

  /** The words of a shell command, with double and single quotes kept together. */
  private static List<String> words(String command) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    for (char c : command.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (Character.isWhitespace(c) || c == ';' || c == '|' || c == '&') {
        if (word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
        }
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0) {
      words.add(word.toString());
    }
    return words;
  }

  /** The job's option names, Beam's and the FlinkRunner's. */
  private static Set<String> optionsOf(Class<? extends PipelineOptions> options) {
    Set<String> names = new HashSet<>();
    List<Class<?>> interfaces = new ArrayList<>(List.of(options));
    PipelineOptionsFactory.getRegisteredOptions().forEach(interfaces::add);
    try {
      interfaces.add(Class.forName("org.apache.beam.runners.flink.FlinkPipelineOptions"));
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
    for (Class<?> type : interfaces) {
      for (Method getter : type.getMethods()) {
        String name = getter.getName();
        if (getter.getParameterCount() == 0 && name.startsWith("get") && name.length() > 3) {
          names.add(Introspector.decapitalize(name.substring(3)));
        } else if (getter.getParameterCount() == 0 && name.startsWith("is") && name.length() > 2) {
          names.add(Introspector.decapitalize(name.substring(2)));
        }
      }
    }
    return names;
  }

  /** The anchors GitHub makes of a page's headings. */
  private static Set<String> anchors(Path page) throws IOException {
    Set<String> anchors = new HashSet<>();
    boolean code = false;
    for (String line : Files.readAllLines(page)) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (!code && line.startsWith("#")) {
        String heading = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        anchors.add(heading.replaceAll("[^\\p{L}\\p{N}\\- _]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}

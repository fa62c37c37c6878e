// TomlReader checks a parsed TOML document against a schema of known keys,
// collecting every problem with its line instead of stopping at the first.
// Internal to src/config; one instance lives on one thread for one load.
//
// A schema is a list of Fields (key -> handler). Handlers made by the *_field
// helpers type-check and range-check a value and store it; a section is a
// handler that calls read_table again with its own Fields.
#pragma once

#include <toml++/toml.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatd::config {

class TomlReader {
 public:
  // Receives the value found under a key and that key's full path ("server.name").
  using Handler = std::function<void(const toml::node& value, const std::string& path)>;
  // Returns why a string is unacceptable, or "" if it is fine.
  using Check = std::function<std::string(std::string_view value)>;

  struct Field {
    std::string_view key;
    Handler read;
    bool required = false;
  };

  explicit TomlReader(std::string source);

  // Dispatches each key of `node` to its Field; unknown keys and missing
  // required ones are errors. An empty `path` means the document root.
  void read_table(const toml::node& node, const std::string& path, std::initializer_list<Field> fields);
  // For [[name]]: calls `each` with every table element, its index and its
  // path "name[i]"; elements that are not tables are reported and skipped.
  using ElementHandler = std::function<void(const toml::node&, std::size_t index, const std::string& path)>;
  void read_table_array(const toml::node& node, const std::string& path, const ElementHandler& each);

  // The value as a string, or nullopt after recording a type error.
  std::optional<std::string> get_string(const toml::node& node, const std::string& path);
  // The same, passed through `check` (if any); nullopt after recording why not.
  std::optional<std::string> get_checked_string(const toml::node& node, const std::string& path, const Check& check);

  Handler string_field(std::string& out, Check check = {});
  Handler one_of_field(std::string& out, std::vector<std::string_view> allowed);
  Handler bool_field(bool& out);
  // A TOML array of strings, each passed through `check`.
  Handler string_list_field(std::vector<std::string>& out, Check check = {});
  template <typename Unsigned>
  Handler uint_field(Unsigned& out, std::int64_t min, std::int64_t max) {
    return integer_handler(min, max, [&out](std::int64_t v) { out = static_cast<Unsigned>(v); });
  }

  void error(const toml::node& where, const std::string& path, std::string reason);
  // line 0 = the problem has no place in the file (e.g. a missing section).
  void error(std::uint32_t line, const std::string& path, std::string reason);
  void syntax_error(const toml::parse_error& err);

  // Whether the document contained `path` (a key read through read_table),
  // and on which line; lets cross-field checks point at the right place.
  bool has(const std::string& path) const;
  std::uint32_t line_of(const std::string& path) const;

  // From now on every key a schema offers (read_table's fields) is appended to `keys` as its
  // path without element indexes ("listen.address"), whether the document has it or not.
  void record_schema(std::vector<std::string>* keys) noexcept { schema_ = keys; }

  bool ok() const noexcept { return problems_.empty(); }
  // Formatted messages in file order, for ConfigError.
  std::vector<std::string> messages() const;

  const std::string& source() const noexcept { return source_; }

 private:
  struct Problem {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string text;
  };

  Handler integer_handler(std::int64_t min, std::int64_t max, std::function<void(std::int64_t)> store);
  void add(std::uint32_t line, std::uint32_t column, std::string text);

  std::string source_;
  std::vector<Problem> problems_;
  std::map<std::string, std::uint32_t, std::less<>> seen_;
  std::vector<std::string>* schema_ = nullptr;
};

// "a string", "an integer", ... for "expected X, got Y" messages.
std::string_view describe(toml::node_type type) noexcept;
// The text in double quotes, for quoting offending values in messages.
std::string in_quotes(std::string_view text);

}  // namespace chatd::config

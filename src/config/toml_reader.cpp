#include "config/toml_reader.hpp"

#include <algorithm>
#include <utility>

namespace chatd::config {
namespace {

std::string join_path(const std::string& prefix, std::string_view key) {
  if (prefix.empty()) return std::string(key);
  std::string path = prefix;
  path += '.';
  path += key;
  return path;
}

// "listen[0].address" -> "listen.address"
std::string without_indexes(std::string path) {
  for (auto open = path.find('['); open != std::string::npos; open = path.find('[', open)) {
    path.erase(open, path.find(']', open) - open + 1);
  }
  return path;
}

std::string expected(std::string_view what, const toml::node& got) {
  std::string text = "expected ";
  text += what;
  text += ", got ";
  text += describe(got.type());
  return text;
}

}  // namespace

std::string in_quotes(std::string_view text) {
  std::string out = "\"";
  out += text;
  out += '"';
  return out;
}

std::string_view describe(toml::node_type type) noexcept {
  switch (type) {
    case toml::node_type::table:
      return "a table";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a floating-point number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::none:
      break;
  }
  return "nothing";
}

TomlReader::TomlReader(std::string source) : source_(std::move(source)) {}

void TomlReader::read_table(const toml::node& node, const std::string& path, std::initializer_list<Field> fields) {
  const toml::table* table = node.as_table();
  if (table == nullptr) {
    error(node, path, expected("a table", node));
    return;
  }
  if (schema_) {
    for (const Field& field : fields) schema_->push_back(without_indexes(join_path(path, field.key)));
  }
  for (auto&& [key, value] : *table) {
    const std::string key_path = join_path(path, key.str());
    // A named copy, not the structured binding: clang 14 (the fuzz build) cannot capture those.
    const std::string_view name = key.str();
    const auto field = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return f.key == name; });
    if (field == fields.end()) {
      error(key.source().begin.line, key_path, "unknown key");
      continue;
    }
    seen_.emplace(key_path, key.source().begin.line);
    field->read(value, key_path);
  }
  for (const Field& field : fields) {
    if (field.required && !table->contains(field.key)) {
      error(node, join_path(path, field.key), "required key is missing");
    }
  }
}

void TomlReader::read_table_array(const toml::node& node, const std::string& path, const ElementHandler& each) {
  const toml::array* array = node.as_array();
  if (array == nullptr) {
    error(node, path, expected("an array of tables ([[" + path + "]])", node));
    return;
  }
  for (std::size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string element_path = path + "[" + std::to_string(i) + "]";
    if (!element.is_table()) {
      error(element, element_path, expected("a table", element));
      continue;
    }
    each(element, i, element_path);
  }
}

std::optional<std::string> TomlReader::get_string(const toml::node& node, const std::string& path) {
  if (const auto* value = node.as_string()) return value->get();
  error(node, path, expected("a string", node));
  return std::nullopt;
}

std::optional<std::string> TomlReader::get_checked_string(const toml::node& node, const std::string& path,
                                                          const Check& check) {
  auto value = get_string(node, path);
  if (!value || !check) return value;
  if (std::string reason = check(*value); !reason.empty()) {
    error(node, path, std::move(reason));
    return std::nullopt;
  }
  return value;
}

TomlReader::Handler TomlReader::string_field(std::string& out, Check check) {
  return [this, &out, check = std::move(check)](const toml::node& node, const std::string& path) {
    if (auto value = get_checked_string(node, path, check)) out = std::move(*value);
  };
}

TomlReader::Handler TomlReader::one_of_field(std::string& out, std::vector<std::string_view> allowed) {
  std::string choices;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) choices += (allowed.size() == 2 ? " or " : ", ");
    choices += in_quotes(allowed[i]);
  }
  const std::string must = (allowed.size() == 2 ? "must be " : "must be one of ") + choices;
  return string_field(out, [allowed = std::move(allowed), must](std::string_view value) {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) return std::string();
    return must + " (got " + in_quotes(value) + ")";
  });
}

TomlReader::Handler TomlReader::bool_field(bool& out) {
  return [this, &out](const toml::node& node, const std::string& path) {
    if (const auto* value = node.as_boolean()) {
      out = value->get();
    } else {
      error(node, path, expected("a boolean", node));
    }
  };
}

TomlReader::Handler TomlReader::string_list_field(std::vector<std::string>& out, Check check) {
  return [this, &out, check = std::move(check)](const toml::node& node, const std::string& path) {
    const toml::array* array = node.as_array();
    if (array == nullptr) {
      error(node, path, expected("a list of strings", node));
      return;
    }
    out.clear();
    for (std::size_t i = 0; i < array->size(); ++i) {
      const std::string element_path = path + "[" + std::to_string(i) + "]";
      if (auto value = get_checked_string(*array->get(i), element_path, check)) out.push_back(std::move(*value));
    }
  };
}

TomlReader::Handler TomlReader::integer_handler(std::int64_t min, std::int64_t max,
                                                std::function<void(std::int64_t)> store) {
  return [this, min, max, store = std::move(store)](const toml::node& node, const std::string& path) {
    const auto* value = node.as_integer();
    if (value == nullptr) {
      error(node, path, expected("an integer", node));
      return;
    }
    const std::int64_t v = value->get();
    if (v < min || v > max) {
      error(node, path,
            "must be between " + std::to_string(min) + " and " + std::to_string(max) + " (got " + std::to_string(v) +
                ")");
      return;
    }
    store(v);
  };
}

void TomlReader::error(const toml::node& where, const std::string& path, std::string reason) {
  error(where.source().begin.line, path, std::move(reason));
}

void TomlReader::error(std::uint32_t line, const std::string& path, std::string reason) {
  std::string text = path;
  text += ": ";
  text += reason;
  add(line, 0, std::move(text));
}

void TomlReader::syntax_error(const toml::parse_error& err) {
  const auto& begin = err.source().begin;
  // toml++ stops at the first syntax error, so the rest of the file has not been checked.
  add(begin.line, begin.column == 0 ? 1 : begin.column,
      std::string(err.description()) +
          " (fix this first: the rest of the file is checked once it parses, so other "
          "errors may follow)");
}

void TomlReader::add(std::uint32_t line, std::uint32_t column, std::string text) {
  problems_.push_back({line, column, std::move(text)});
}

bool TomlReader::has(const std::string& path) const { return seen_.contains(path); }

std::uint32_t TomlReader::line_of(const std::string& path) const {
  const auto it = seen_.find(path);
  return it == seen_.end() ? 0 : it->second;
}

std::vector<std::string> TomlReader::messages() const {
  // toml::table iterates keys alphabetically; users read top to bottom.
  std::vector<Problem> sorted = problems_;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Problem& a, const Problem& b) {
    const auto key = [](const Problem& p) { return std::pair(p.line == 0 ? UINT32_MAX : p.line, p.column); };
    return key(a) < key(b);
  });
  std::vector<std::string> out;
  out.reserve(sorted.size());
  for (const Problem& p : sorted) {
    std::string message = source_;
    if (p.line != 0) message += ":" + std::to_string(p.line);
    if (p.line != 0 && p.column != 0) message += ":" + std::to_string(p.column);
    message += ": ";
    message += p.text;
    out.push_back(std::move(message));
  }
  return out;
}

}  // namespace chatd::config

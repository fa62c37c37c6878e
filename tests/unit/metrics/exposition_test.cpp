#include "metrics/exposition.hpp"

#include <doctest/doctest.h>

using chatd::metrics::Exposition;
using chatd::metrics::HistogramSnapshot;

TEST_CASE("metrics::Exposition: families, labels and escaping in the 0.0.4 text format") {
  Exposition out;
  out.counter("chatd_x_total", "Things.\nWith a \\ in the help.", 42);
  out.family("chatd_y", Exposition::Type::gauge, "Labelled.");
  out.sample("chatd_y", {{"name", "a \"quoted\"\nvalue\\"}, {"tls", "false"}}, 1.5);
  CHECK(out.text() ==
        "# HELP chatd_x_total Things.\\nWith a \\\\ in the help.\n"
        "# TYPE chatd_x_total counter\n"
        "chatd_x_total 42\n"
        "# HELP chatd_y Labelled.\n"
        "# TYPE chatd_y gauge\n"
        "chatd_y{name=\"a \\\"quoted\\\"\\nvalue\\\\\",tls=\"false\"} 1.5\n");
}

TEST_CASE("metrics::Exposition: a histogram has cumulative buckets, +Inf, _sum and _count") {
  HistogramSnapshot snapshot;
  snapshot.cumulative.fill(3);
  snapshot.cumulative.front() = 1;
  snapshot.count = 3;
  snapshot.sum_seconds = 0.25;
  Exposition out;
  out.histogram("lat_seconds", "Latency.", snapshot);
  const std::string& text = out.text();
  CHECK(text.find("# TYPE lat_seconds histogram\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{le=\"0.0001\"} 1\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{le=\"0.00025\"} 3\n") != std::string::npos);
  CHECK(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\n") != std::string::npos);
  CHECK(text.find("lat_seconds_sum 0.25\n") != std::string::npos);
  CHECK(text.find("lat_seconds_count 3\n") != std::string::npos);
}

TEST_CASE("metrics::format_value: what Prometheus parses") {
  using chatd::metrics::format_value;
  CHECK(format_value(0) == "0");
  CHECK(format_value(2.5) == "2.5");
  CHECK(format_value(0.0001) == "0.0001");
  CHECK(format_value(1.0 / 0.0) == "+Inf");
  CHECK(format_value(-1.0 / 0.0) == "-Inf");
  CHECK(format_value(0.0 / 0.0) == "NaN");
}

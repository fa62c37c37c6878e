// ask_thread: runs an admin command's work on another thread (the history store, the account
// thread) and waits for its answer. The main loop waits at most kThreadWait: these are rare,
// hand-typed commands, and a thread so busy that it cannot answer in time is worth an error
// rather than a stale figure. An Error the work throws is thrown again, with its message and
// details, to the caller.
//
// Thread rules: called on the main loop; `work` runs on the other thread.
#pragma once

#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <string>

#include "admin/request.hpp"

namespace chatd::admin {

inline constexpr auto kThreadWait = std::chrono::seconds(5);

// `submit` queues a callable for the thread (HistoryStore::run, AccountService::run) and says
// whether it was queued; `work` gets what that thread hands its jobs and returns the data.
// What the other thread hands back: the data, or an error's message and details. Plain
// values, not an exception_ptr: an exception thrown on one thread and rethrown on another
// shares its object (and libstdc++'s string inside it) between them through reference
// counts ThreadSanitizer cannot see, which it reports as a race when either side frees it.
struct ThreadAnswer {
  Json data;
  bool failed = false;
  std::string message;
  Json details;
};

template <typename Submit, typename Work>
Json ask_thread(Submit submit, Work work, const std::string& who) {
  auto answer = std::make_shared<std::promise<ThreadAnswer>>();
  auto result = answer->get_future();
  const bool queued = submit([answer, work](auto&... args) {
    ThreadAnswer out;
    try {
      out.data = work(args...);
    } catch (const Error& e) {
      out.failed = true;
      out.message = std::string(e.what());  // a copy of the characters, not of the string
      out.details = e.details();
    } catch (const std::exception& e) {
      out.failed = true;
      out.message = std::string(e.what());
    }
    answer->set_value(std::move(out));
  });
  if (!queued) throw Error(who + " is busy; try again");
  if (result.wait_for(kThreadWait) != std::future_status::ready) {
    throw Error(who + " did not answer within " + std::to_string(kThreadWait.count()) + " s");
  }
  ThreadAnswer got = result.get();
  if (got.failed) throw Error(got.message, std::move(got.details));
  return std::move(got.data);
}

}  // namespace chatd::admin

// ask_thread: runs an admin command's work on another thread (the history store, the account
// thread) and waits for its answer. The main loop waits at most kThreadWait: these are rare,
// hand-typed commands, and a thread so busy that it cannot answer in time is worth an error
// rather than a stale figure. An Error the work throws reaches the caller as it is.
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
template <typename Submit, typename Work>
Json ask_thread(Submit submit, Work work, const std::string& who) {
  auto answer = std::make_shared<std::promise<Json>>();
  auto result = answer->get_future();
  const bool queued = submit([answer, work](auto&... args) {
    try {
      answer->set_value(work(args...));
    } catch (const Error&) {
      answer->set_exception(std::current_exception());
    } catch (const std::exception& e) {
      answer->set_exception(std::make_exception_ptr(Error(e.what())));
    }
  });
  if (!queued) throw Error(who + " is busy; try again");
  if (result.wait_for(kThreadWait) != std::future_status::ready) {
    throw Error(who + " did not answer within " + std::to_string(kThreadWait.count()) + " s");
  }
  return result.get();
}

}  // namespace chatd::admin

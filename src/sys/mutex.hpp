// Mutex and MutexLock: std::mutex and a scoped lock that clang's thread-safety analysis
// understands (libstdc++'s types carry no annotations). Data and functions name the mutex
// they need (GUARDED_BY, REQUIRES), and `make check-threads` compiles the tree with
// -Werror=thread-safety, so touching guarded state without its lock is a compile error.
// With g++ the annotations compile to nothing; the types are std::mutex underneath.
//
// Thread rules: a mutex, safe from any thread.
#pragma once

#include <mutex>

#if defined(__clang__)
#define CHATD_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define CHATD_THREAD_ANNOTATION(x)
#endif

#define CAPABILITY(x) CHATD_THREAD_ANNOTATION(capability(x))
#define SCOPED_CAPABILITY CHATD_THREAD_ANNOTATION(scoped_lockable)
#define GUARDED_BY(x) CHATD_THREAD_ANNOTATION(guarded_by(x))
#define PT_GUARDED_BY(x) CHATD_THREAD_ANNOTATION(pt_guarded_by(x))
#define REQUIRES(...) CHATD_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) CHATD_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))
#define ACQUIRE(...) CHATD_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define RELEASE(...) CHATD_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RETURN_CAPABILITY(x) CHATD_THREAD_ANNOTATION(lock_returned(x))
#define NO_THREAD_SAFETY_ANALYSIS CHATD_THREAD_ANNOTATION(no_thread_safety_analysis)

namespace chatd::sys {

class CAPABILITY("mutex") Mutex {
 public:
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }

 private:
  std::mutex mutex_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

}  // namespace chatd::sys

// Listing 7-5: a goroutine that spins without calling a function, and a
// main goroutine that sleeps for 20 ms, sharing one thread of Go code.
package main

import (
	"fmt"
	"runtime"
	"time"
)

var spins uint64

const nap = 20 * time.Millisecond

func main() {
	runtime.GOMAXPROCS(1)
	fmt.Println("GOMAXPROCS:", runtime.GOMAXPROCS(0))
	fmt.Println("main goroutine sleeps for (ms):", nap.Milliseconds())
	go func() {
		for {
			spins++ // no function call, so no point where it offers to yield
		}
	}()
	start := time.Now()
	time.Sleep(nap)
	fmt.Println("main goroutine woke up after (ms):", time.Since(start).Milliseconds())
}
